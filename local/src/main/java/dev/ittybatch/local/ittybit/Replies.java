package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Ittybit's answers on the wire: JSON bodies, and errors as {@code {kind, message}}. */
final class Replies {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Replies() {}

  static byte[] error(String kind, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("kind", kind);
    error.put("message", message);
    return JSON.writeValueAsBytes(error);
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
