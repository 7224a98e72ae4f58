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
                    Map.entry("BIGQUERY_HOST", base),
                    Map.entry("LOCAL_SIGNING", "true"),
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
      run(http, uri, 3000, concurrency, null); // warm-up
      long[] latencies = new long[tasks];
      long start = System.nanoTime();
      long failed = run(http, uri, tasks, concurrency, latencies);
      double seconds = (System.nanoTime() - start) / 1e9;
      double median = median(latencies);
      Arrays.sort(latencies);
      double p95 = latencies[(int) (tasks * 0.95)] / 1e6;

      // The same senders straight at the stub, at the same concurrency: what the stub and this
      // machine's two shared cores cost by themselves, so the difference is the handler's.
      long[] direct = new long[tasks];
      run(http, URI.create(base + "/jobs"), tasks, concurrency, direct);
      double directMedian = median(direct);
      System.out.printf(
          "%,d dispatches from %d concurrent in %.2f s = %,.0f dispatches/s (%d not 2xx);"
              + " latency median %.1f ms, p95 %.1f ms; the stub alone (%d ms delay) at the same"
              + " concurrency: median %.1f ms; the handler adds %.1f ms median%n",
          tasks,
          concurrency,
          seconds,
          tasks / seconds,
          failed,
          median,
          p95,
          latency,
          directMedian,
          median - directMedian);
    } finally {
      app.close();
      fakes.stop();
      System.exit(0);
    }
  }

  static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  static long run(HttpClient http, URI uri, int count, int concurrency, long[] latencies)
      throws InterruptedException {
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
                      + ".mov\",\"kind\":\"video\",\"options\":{\"width\":1280}}";
              HttpRequest request =
                  HttpRequest.newBuilder(uri)
                      .header("Content-Type", "application/json")
                      .header("X-CloudTasks-TaskRetryCount", "0")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build();
              long t0 = System.nanoTime();
              try {
                HttpResponse<Void> response =
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
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
