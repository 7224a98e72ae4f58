package dev.ittybatch.webhook.bench;

import dev.ittybatch.webhook.WebhookHandlerApplication;
import dev.ittybatch.webhook.webhook.SignatureVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Sends signed webhook events from concurrent senders on loopback into the webhook handler with the
 * DuckDB store, once with micro-batching and once with one insert per request. Run through {@code
 * bench/webhook.sh}.
 */
public final class WebhookBenchmark {

  static final String SECRET = "bench-secret";

  // BENCH_IGNORED=1 sends non-terminal events, which skip the store: the HTTP path's own cost.
  static final boolean IGNORED = System.getenv("BENCH_IGNORED") != null;
  static final String TOPIC = IGNORED ? "task.updated" : "task.succeeded";
  static final String STATUS = IGNORED ? "processing" : "succeeded";

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int senders = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    double batched = run("batched (up to 500 rows per write)", 500, events, senders);
    double single = run("one insert per request", 1, events, senders);
    System.out.printf(
        "batching is %.1fx the throughput of one insert per request%n", batched / single);
    // The HTTP client's threads are not daemons; the numbers are printed, so stop here.
    System.exit(0);
  }

  static double run(String label, int batchSize, int events, int senders) throws Exception {
    Path db = Files.createTempDirectory("ittybatch-bench").resolve("results.duckdb");
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(WebhookHandlerApplication.class)
            .properties(WebhookHandlerApplication.CONFIG)
            .properties(
                Map.of(
                    "server.port", "0",
                    "RESULTS_STORE", "duckdb",
                    "DUCKDB_PATH", db.toString(),
                    "RESULTS_INTERNAL_TOKEN", "bench-internal-token-0123",
                    "WEBHOOK_SECRET", SECRET,
                    "results.batch-size", String.valueOf(batchSize),
                    "server.tomcat.threads.max", "200",
                    "LOG_FORMAT", "",
                    "logging.level.root", "WARN"))
            .run();
    try {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
      URI uri = URI.create("http://127.0.0.1:" + port + "/webhook");
      // warm up
      send(http, uri, 0, 5000, senders, "warm");
      AtomicLong failures = new AtomicLong();
      long start = System.nanoTime();
      failures.addAndGet(send(http, uri, 0, events, senders, "run"));
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = events / seconds;
      System.out.printf(
          "%s: %,d events from %d senders in %.2f s = %,.0f events/s (%d failed)%n",
          label, events, senders, seconds, rate, failures.get());
      return rate;
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
