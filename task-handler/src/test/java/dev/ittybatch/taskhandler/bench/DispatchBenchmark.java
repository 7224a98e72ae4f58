package dev.ittybatch.taskhandler.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.taskhandler.TaskHandlerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
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
 * Dispatches tasks into the task handler as Cloud Tasks would, with Ittybit stubbed to answer after
 * a set latency and dispatched rows going through the real BigQuery adapter to a stub insertAll.
 * Prints dispatches/s and the median and p95 latency over the stub's. Run through {@code
 * bench/dispatch.sh}.
 */
public final class DispatchBenchmark {

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int latency = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    boolean ok = run(tasks, concurrency, latency, 3000);
    // The HTTP client's threads are not daemons; the numbers are printed, so stop here.
    System.exit(ok ? 0 : 1);
  }

  /**
   * @return true when every task was answered 200 with outcome {@code dispatched}
   */
  public static boolean run(int tasks, int concurrency, int latency, int warmUp) throws Exception {
    WireMockServer fakes =
        new WireMockServer(
            wireMockConfig()
                .dynamicPort()
                .containerThreads(concurrency * 2 + 20)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(8)
                .disableRequestJournal());
    fakes.start();
    fakes.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"job_bench\",\"status\":\"queued\"}")
                    .withFixedDelay(latency)));
    fakes.stubFor(
        post(urlPathMatching("/bigquery/v2/.*/insertAll"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"kind\":\"bigquery#tableDataInsertAllResponse\"}")));
    String base = "http://127.0.0.1:" + fakes.port();
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(TaskHandlerApplication.class)
            .properties(TaskHandlerApplication.CONFIG)
            .properties(
                Map.ofEntries(
                    Map.entry("server.port", "0"),
                    Map.entry("ITTYBIT_API_KEY", "bench-key"),
                    Map.entry("ITTYBIT_BASE_URL", base),
                    Map.entry("WEBHOOK_URL", "https://webhook.example.com/webhook"),
                    Map.entry("GCP_PROJECT", "bench"),
                    Map.entry("BIGQUERY_EMULATOR_HOST", base),
                    Map.entry("EMULATOR_IDENTITY", "ittybatch-task-handler@bench.iam"),
                    // The inputs are https://: nothing is signed, but the service needs its signer.
                    Map.entry("SIGNING_SERVICE_ACCOUNT", "ittybatch-task-handler@bench.iam"),
                    Map.entry("LOG_FORMAT", ""),
                    Map.entry("logging.level.root", "WARN")))
            .run();
    try {
      URI uri =
          URI.create(
              "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newFixedThreadPool(4))
              .build();
      if (warmUp > 0) {
        send(http, uri, warmUp, concurrency, null, true);
      }
      long[] latencies = new long[tasks];
      long start = System.nanoTime();
      long failed = send(http, uri, tasks, concurrency, latencies, true);
      double seconds = (System.nanoTime() - start) / 1e9;
      double median = median(latencies);
      Arrays.sort(latencies);
      double p95 = latencies[(int) (tasks * 0.95)] / 1e6;

      // The same senders straight at the stub, at the same concurrency: what the stub and this
      // machine's two shared cores cost by themselves, so the difference is the handler's.
      long[] direct = new long[tasks];
      send(http, URI.create(base + "/jobs"), tasks, concurrency, direct, false);
      double directMedian = median(direct);
      System.out.printf(
          "%,d dispatches from %d concurrent in %.2f s = %,.0f dispatches/s (%d not dispatched);"
              + " latency median %.1f ms, p95 %.1f ms; the stub alone (%d ms delay) at the same"
              + " concurrency: median %.1f ms; the handler adds %.1f ms median%n",
          tasks,
          concurrency,
          seconds,
          (tasks - failed) / seconds,
          failed,
          median,
          p95,
          latency,
          directMedian,
          median - directMedian);
      return failed == 0;
    } finally {
      app.close();
      fakes.stop();
    }
  }

  static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  /**
   * @param throughHandler whether a success is the handler's 200 {@code dispatched} (else any 2xx)
   * @return how many requests did not succeed
   */
  static long send(
      HttpClient http,
      URI uri,
      int count,
      int concurrency,
      long[] latencies,
      boolean throughHandler)
      throws InterruptedException {
    long enqueuedAt = java.time.Instant.now().getEpochSecond();
    AtomicInteger next = new AtomicInteger();
    AtomicLong failed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    for (int s = 0; s < concurrency; s++) {
      pool.submit(
          () -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
              String body =
                  "{\"batch_id\":\"bench\",\"entry_id\":\""
                      + String.format("%032x", i)
                      + "\",\"line\":"
                      + (i + 1)
                      + ",\"path\":\"https://cdn.example.com/v/"
                      + i
                      + ".mov\",\"kind\":\"video\",\"options\":{\"width\":1280},\"enqueued_at\":"
                      + enqueuedAt
                      + "}";
              HttpRequest request =
                  HttpRequest.newBuilder(uri)
                      .header("Content-Type", "application/json")
                      .header("X-CloudTasks-TaskRetryCount", "0")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build();
              long t0 = System.nanoTime();
              try {
                HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2
                    || (throughHandler && !response.body().contains("\"dispatched\""))) {
                  failed.incrementAndGet();
                }
              } catch (Exception e) {
                failed.incrementAndGet();
              }
              if (latencies != null) {
                latencies[i] = System.nanoTime() - t0;
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    return failed.get();
  }
}
