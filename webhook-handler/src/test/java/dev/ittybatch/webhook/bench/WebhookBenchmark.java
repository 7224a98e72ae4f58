package dev.ittybatch.webhook.bench;

import dev.ittybatch.webhook.WebhookHandlerApplication;
import dev.ittybatch.webhook.delivery.SignatureVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sends signed webhook events from concurrent senders on loopback into the webhook handler as
 * deployed, its endpoints swapped. Every terminal event makes the handler fetch its job, here from
 * a stub that answers {@code GET /jobs/{id}} after a fixed delay, and write its row with BigQuery's
 * insertAll to the same stub. With {@code BENCH_COMPARE=1} it runs again with one insert per
 * request. Exits non-zero when any delivery failed or any row is missing. Run through {@code
 * bench/webhook.sh}.
 */
public final class WebhookBenchmark {

  static final String SECRET = "bench-secret";
  static final String API_KEY = "itty_sk_bench";

  /** What one run did. */
  public record Result(double eventsPerSecond, long failed, long stored, int events) {
    public boolean ok() {
      return failed == 0 && stored == events;
    }
  }

  // BENCH_IGNORED=1 sends non-terminal events, which skip the store: the HTTP path's own cost.
  static final boolean IGNORED = System.getenv("BENCH_IGNORED") != null;
  static final String TOPIC = IGNORED ? "task.updated" : "task.succeeded";
  static final String STATUS = IGNORED ? "processing" : "succeeded";

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int senders = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int fetchMillis = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    boolean ok;
    try (StubCloud cloud = new StubCloud(fetchMillis)) {
      Result batched = run("batched (up to 500 rows per write)", 500, events, senders, cloud, true);
      ok = batched.ok();
      if (System.getenv("BENCH_COMPARE") != null) {
        Result single = run("one insert per request", 1, events, senders, cloud, true);
        ok &= single.ok();
        System.out.printf(
            "batching is %.1fx the throughput of one insert per request%n",
            batched.eventsPerSecond() / single.eventsPerSecond());
      }
    }
    // The HTTP client's threads are not daemons; the numbers are printed, so stop here.
    System.exit(ok ? 0 : 1);
  }

  public static Result run(
      String label, int batchSize, int events, int senders, StubCloud cloud, boolean warmUp)
      throws Exception {
    cloud.forgetStored();
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(WebhookHandlerApplication.class)
            .properties(WebhookHandlerApplication.CONFIG)
            .properties(
                Map.ofEntries(
                    Map.entry("server.port", "0"),
                    Map.entry("GCP_PROJECT", "bench"),
                    Map.entry("BIGQUERY_EMULATOR_HOST", cloud.baseUrl()),
                    Map.entry("EMULATOR_IDENTITY", "ittybatch-webhook@bench.iam"),
                    Map.entry("WEBHOOK_SECRET", SECRET),
                    Map.entry("ITTYBIT_API_KEY", API_KEY),
                    Map.entry("ITTYBIT_BASE_URL", cloud.baseUrl()),
                    Map.entry("results.batch-size", String.valueOf(batchSize)),
                    Map.entry("server.tomcat.threads.max", "200"),
                    Map.entry("LOG_FORMAT", ""),
                    Map.entry("logging.level.root", "WARN")))
            .run();
    try {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
      URI uri = URI.create("http://127.0.0.1:" + port + "/webhook");
      if (warmUp) {
        send(http, uri, events, Math.min(events, 5000), senders, "warm");
      }
      long start = System.nanoTime();
      long failed = send(http, uri, 0, events, senders, "run");
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = events / seconds;
      long stored = cloud.storedEntries();
      long expected = events + (warmUp ? Math.min(events, 5000) : 0);
      System.out.printf(
          "%s, job fetched in %d ms: %,d events from %d senders in %.2f s = %,.0f events/s"
              + " (%d failed, %d of %d entries stored)%n",
          label, cloud.delayMillis(), events, senders, seconds, rate, failed, stored, expected);
      return new Result(rate, failed, stored, (int) expected);
    } finally {
      app.close();
    }
  }

  static long send(HttpClient http, URI uri, int from, int count, int senders, String prefix)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger(from);
    AtomicLong failed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    for (int s = 0; s < senders; s++) {
      pool.submit(
          () -> {
            int i;
            while ((i = next.getAndIncrement()) < from + count) {
              String body =
                  "{\"id\":\"evt_"
                      + prefix
                      + i
                      + "\",\"object\":\"event\",\"kind\":\""
                      + TOPIC
                      + "\",\"data\":{\"id\":\"job_"
                      + i
                      + "\",\"status\":\""
                      + STATUS
                      + "\",\"kind\":\"video\",\"metadata\":{\"batch_id\":"
                      + "\"bench\",\"entry_id\":\""
                      + String.format("%032x", i)
                      + "\"},\"output\":{\"url\":\"https://cdn/o.mp4\",\"width\":1280},"
                      + "\"created_at\":1764331200000,\"finished_at\":1764331260000}}";
              String signature =
                  HexFormat.of()
                      .formatHex(
                          SignatureVerifier.hmac(SECRET, body.getBytes(StandardCharsets.UTF_8)));
              HttpRequest request =
                  HttpRequest.newBuilder(uri)
                      .header("Content-Type", "application/json")
                      .header("Ittybit-Signature", "sha256=" + signature)
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build();
              try {
                HttpResponse<Void> response =
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                  failed.incrementAndGet();
                }
              } catch (Exception e) {
                failed.incrementAndGet();
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    return failed.get();
  }
}
