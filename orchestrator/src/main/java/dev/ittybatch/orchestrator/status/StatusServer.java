package dev.ittybatch.orchestrator.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.orchestrator.batch.BatchQueries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the status page and its exports on loopback only: no public endpoint, nothing new to
 * authorise. Routes: {@code /batches/ID}, {@code /batches/ID/summary.json}, {@code
 * /batches/ID/failures.csv} (streamed), {@code /batches/ID/entries/ENTRY.json} (an entry's raw
 * rows); {@code /} goes to the newest batch.
 */
public final class StatusServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
  static final List<String> CSV_COLUMNS =
      List.of(
          "path",
          "kind",
          "status",
          "error_kind",
          "error_message",
          "attempts",
          "job_id",
          "entry_id");

  private final BatchQueries store;
  private final StatusQueries status;
  private final StatusPage page;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(4);
  private final ExecutorService queries =
      Executors.newFixedThreadPool(
          StatusQueries.SECTIONS.size() + 1,
          work -> {
            Thread thread = new Thread(work, "status-query");
            thread.setDaemon(true);
            return thread;
          });

  /** How long a batch with entries waiting may not move before it reads as stuck, unless told. */
  public static final Duration STUCK_AFTER = Duration.ofHours(1);

  /**
   * @param port 0 for any free port
   */
  public StatusServer(BatchQueries store, JsonMapper json, int port) throws IOException {
    this(store, json, port, STUCK_AFTER);
  }

  /**
   * @param stuckAfter {@code NOTIFY_STUCK_AFTER}: how long a batch with entries waiting may not
   *     move before its page says it is not moving
   */
  public StatusServer(BatchQueries store, JsonMapper json, int port, Duration stuckAfter)
      throws IOException {
    this.store = store;
    this.status = new StatusQueries(store, queries);
    this.page = new StatusPage(stuckAfter);
    this.json = json;
    this.clock = Clock.systemUTC();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** The page of one batch. */
  public String url(String batchId) {
    return url() + "batches/" + StatusPage.path(batchId);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().add("Connection", "close");
      try {
        route(exchange);
      } catch (RuntimeException e) {
        log.error("status page failed: {}", e.getMessage(), e);
        try {
          text(exchange, 500, "The batch's records could not be read: " + e.getMessage());
        } catch (IOException | RuntimeException alreadyAnswering) {
          // The answer had begun; the connection closes with what was sent.
        }
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    {
      String path = exchange.getRequestURI().getRawPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        text(exchange, 405, "GET only");
        return;
      }
      if (path.equals("/")) {
        List<String> batches = status.batchIds();
        if (batches.isEmpty()) {
          text(exchange, 200, "No batch yet: run the orchestrator on a manifest first.");
          return;
        }
        exchange
            .getResponseHeaders()
            .add("Location", "/batches/" + StatusPage.path(batches.get(0)));
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      if (!path.startsWith("/batches/")) {
        text(exchange, 404, "Nothing here: try /batches/BATCH_ID");
        return;
      }
      String[] parts = path.substring("/batches/".length()).split("/");
      String batchId = decode(parts[0]);
      if (parts.length == 1) {
        send(
            exchange,
            200,
            "text/html; charset=utf-8",
            page.html(status.snapshot(batchId), clock.instant()));
      } else if (parts.length == 2 && parts[1].equals("summary.json")) {
        send(
            exchange,
            200,
            "application/json",
            json.writeValueAsString(status.summary(batchId).json()));
      } else if (parts.length == 2 && parts[1].equals("failures.csv")) {
        csv(exchange, batchId);
      } else if (parts.length == 3 && parts[1].equals("entries") && parts[2].endsWith(".json")) {
        String entry = decode(parts[2].substring(0, parts[2].length() - ".json".length()));
        send(
            exchange,
            200,
            "application/json",
            json.writeValueAsString(
                status.rows("entry_rows", Map.of("batch_id", batchId, "entry_id", entry))));
      } else {
        text(exchange, 404, "Nothing here: try /batches/" + parts[0]);
      }
    }
  }

  /** Streams every row as it comes: a million rows need no more memory than one. */
  private void csv(HttpExchange exchange, String batchId) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/csv; charset=utf-8");
    exchange
        .getResponseHeaders()
        .add(
            "Content-Disposition",
            "attachment; filename=\""
                + batchId.replaceAll("[^A-Za-z0-9_-]", "_")
                + "-failures.csv\"");
    exchange.sendResponseHeaders(200, 0);
    try (BufferedWriter out =
        new BufferedWriter(
            new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8),
            64 * 1024)) {
      Csv csv = new Csv(out);
      csv.row(CSV_COLUMNS);
      store.stream(
          "failures_export",
          Map.of("batch_id", batchId),
          row -> {
            try {
              csv.row(CSV_COLUMNS.stream().map(row::get).toList());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    queries.shutdownNow();
  }
}
