package dev.ittybatch.common.ittybit.client;

import dev.ittybatch.common.ittybit.IttybitError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ittybit's answers read into a {@link IttybitClient.Response}: a 2xx's JSON body, or an error's
 * kind and message, whatever shape the error body took (JSON of either generation, or text).
 */
final class Answers {

  private Answers() {}

  static IttybitClient.Response read(int status, byte[] body, String retryAfter, JsonMapper json) {
    if (status >= 200 && status < 300) {
      return new IttybitClient.Response(status, parse(body, json), null, retryAfter);
    }
    return new IttybitClient.Response(status, null, error(body, json), retryAfter);
  }

  static byte[] readBody(InputStream in) throws IOException {
    try (in) {
      // Errors and jobs are small; a runaway body must not take the service's memory.
      return in.readNBytes(256 * 1024);
    }
  }

  private static JsonNode parse(byte[] body, JsonMapper json) {
    if (body.length == 0) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (JacksonException notJson) {
      return null;
    }
  }

  private static IttybitError error(byte[] body, JsonMapper json) {
    JsonNode node = parse(body, json);
    if (node != null && node.isObject()) {
      String kind = node.path("kind").isString() ? node.get("kind").stringValue() : null;
      String message = node.path("message").isString() ? node.get("message").stringValue() : null;
      if (kind != null || message != null) {
        return new IttybitError(kind, message);
      }
    }
    return new IttybitError(null, abbreviate(body));
  }

  private static String abbreviate(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
