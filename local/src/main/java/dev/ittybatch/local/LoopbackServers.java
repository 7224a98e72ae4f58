package dev.ittybatch.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JDK HTTP servers of the stand-ins: each started with its accepting thread named for whose it
 * is, and each answer sent the one way. Starts a JDK HTTP server with its accepting thread named
 * for whose it is. Every such server names that thread {@code HTTP-Dispatcher}, and with the
 * simulator and three stand-ins in one JVM the benchmarks could not tell where that thread's CPU
 * went (each closes its connections, so the accepting thread's share is not small).
 */
public final class LoopbackServers {

  private static final String DISPATCHER = "HTTP-Dispatcher";

  private LoopbackServers() {}

  /**
   * A request's query string as names and values, decoded, in name order; a name without {@code =}
   * has an empty value, and of a repeated name the last stands.
   */
  public static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> query = new TreeMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      query.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  /** Starts the server; its dispatcher thread is then called {@code name}. */
  public static synchronized void start(HttpServer server, String name) {
    Set<Thread> before = dispatchers();
    server.start();
    for (Thread thread : dispatchers()) {
      if (!before.contains(thread)) {
        thread.setName(name);
      }
    }
  }

  /** Answers with {@code body} as {@code contentType}, its length stated, and closes the body. */
  public static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Set<Thread> dispatchers() {
    Set<Thread> found = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(DISPATCHER)) {
        found.add(thread);
      }
    }
    return found;
  }
}
