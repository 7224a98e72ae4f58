package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A list endpoint's page as https://ittybit.com/api/pagination describes it: {@code limit} 1 to 100
 * (default 20), {@code after} an id, the filters {@code status} and {@code input} (exact, as
 * https://ittybit.com/api/list-jobs has it), the answer a bare array with {@code Has-More} and
 * {@code Limit} headers. The items come in the order the list endpoint keeps (newest first).
 */
record Page(int limit, String after, String status, String input, String problem) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Page of(String rawQuery) {
    int limit = 20;
    String after = null;
    String status = null;
    String input = null;
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        switch (name) {
          case "limit" -> {
            try {
              limit = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              limit = -1;
            }
            if (limit < 1 || limit > 100) {
              return new Page(0, null, null, null, "limit must be 1 to 100, found " + value);
            }
          }
          case "after" -> after = value;
          case "status" -> status = value;
          case "input" -> input = value;
          default -> {}
        }
      }
    }
    return new Page(limit, after, status, input, null);
  }

  void send(HttpExchange exchange, List<ObjectNode> newestFirst) throws IOException {
    List<ObjectNode> items = new ArrayList<>();
    boolean started = after == null;
    boolean more = false;
    for (ObjectNode item : newestFirst) {
      if (!started) {
        started = after.equals(item.path("id").asString());
        continue;
      }
      if (status != null && !status.equals(item.path("status").asString())) {
        continue;
      }
      if (input != null && !input.equals(item.path("input").asString())) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(item);
    }
    ArrayNode array = JSON.createArrayNode();
    items.forEach(array::add);
    exchange.getResponseHeaders().add("Has-More", String.valueOf(more));
    exchange.getResponseHeaders().add("Limit", String.valueOf(limit));
    Replies.send(exchange, 200, JSON.writeValueAsBytes(array));
  }
}
