package dev.ittybatch.webhook.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the webhook-handler calls, for the benchmark: Ittybit's {@code GET /jobs/{id}} (job {@code
 * job_N} is a finished job of entry N of batch {@code bench}, answered after a fixed delay, as a
 * remote API would) and BigQuery's {@code insertAll}, which accepts every row and keeps the entry
 * ids it was sent.
 */
public final class StubCloud implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int delayMillis;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(256);
  private final Set<String> stored = ConcurrentHashMap.newKeySet();

  public StubCloud(int delayMillis) throws IOException {
    this.delayMillis = delayMillis;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.createContext("/jobs/", this::job);
    server.createContext("/bigquery/v2/", this::insertAll);
    server.setExecutor(threads);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int delayMillis() {
    return delayMillis;
  }

  /** Entries whose row BigQuery was sent since the last {@link #forgetStored}. */
  public int storedEntries() {
    return stored.size();
  }

  public void forgetStored() {
    stored.clear();
  }

  private void insertAll(HttpExchange exchange) throws IOException {
    try (exchange) {
      InputStream body = exchange.getRequestBody();
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      for (JsonNode row : JSON.readTree(body.readAllBytes()).path("rows")) {
        stored.add(row.path("json").path("entry_id").asString());
      }
      byte[] answer =
          "{\"kind\":\"bigquery#tableDataInsertAllResponse\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private void job(HttpExchange exchange) throws IOException {
    try (exchange) {
      String id = exchange.getRequestURI().getPath().substring("/jobs/".length());
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      long n = Long.parseLong(id.substring("job_".length()));
      byte[] body =
          ("{\"id\":\""
                  + id
                  + "\",\"object\":\"job\",\"status\":\"succeeded\",\"kind\":\"video\","
                  + "\"metadata\":{\"batch_id\":\"bench\",\"entry_id\":\""
                  + String.format("%032x", n)
                  + "\"},\"output\":{\"url\":\"https://cdn/o.mp4\",\"width\":1280},"
                  + "\"created_at\":1764331200000,\"finished_at\":1764331260000}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (NumberFormatException notOurs) {
      exchange.sendResponseHeaders(404, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
