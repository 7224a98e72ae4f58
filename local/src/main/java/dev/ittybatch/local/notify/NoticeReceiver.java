package dev.ittybatch.local.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.local.LoopbackServers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes notices as a Slack incoming webhook does (https://api.slack.com/messaging/webhooks): a POST
 * of JSON with a {@code text} to the hook's secret path is answered 200 {@code ok}; a body that is
 * not JSON 400 {@code invalid_payload}, one without text 400 {@code no_text}, another path 404
 * {@code no_service}. {@link #refuseNext} answers the next posts 500 {@code rollup_error}, as Slack
 * does when it fails, so a poster's retry can be seen. A local run prints each notice it takes.
 */
public final class NoticeReceiver implements AutoCloseable {

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpServer server;
  private final String path = "/services/local/" + UUID.randomUUID().toString().replace("-", "");
  private final List<String> texts = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusals = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final PrintStream echo;

  /**
   * @param echo where each notice taken is printed as it comes, or null
   */
  public NoticeReceiver(PrintStream echo) throws IOException {
    this.echo = echo;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The hook's URL, for {@code NOTIFY_URL}: its path is the secret, as Slack's is. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The notices taken, in order. */
  public List<String> texts() {
    return List.copyOf(texts);
  }

  /** Posts answered 500 so far. */
  public int refused() {
    return refused.get();
  }

  /** Answers the next {@code posts} posts 500, taking nothing. */
  public void refuseNext(int posts) {
    refusals.set(posts);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getRawPath().equals(path)) {
        send(exchange, 404, "no_service");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, "invalid_method");
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        refused.incrementAndGet();
        send(exchange, 500, "rollup_error");
        return;
      }
      JsonNode notice;
      try {
        notice = json.readTree(body);
      } catch (JacksonException e) {
        send(exchange, 400, "invalid_payload");
        return;
      }
      String text = notice.path("text").asString("");
      if (!notice.isObject() || text.isBlank()) {
        send(exchange, 400, "no_text");
        return;
      }
      texts.add(text);
      if (echo != null) {
        echo.println("notice (would be posted to NOTIFY_URL):");
        text.lines().forEach(line -> echo.println("  | " + line));
      }
      send(exchange, 200, "ok");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    LoopbackServers.send(exchange, status, "text/plain; charset=utf-8", body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
