package dev.ittybatch.common.ittybit;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Lenient reads of the fields Ittybit's payloads carry in more than one form: numbers as numbers or
 * strings, times in ms, s or ISO-8601, blanks as absent.
 */
final class JsonFields {

  private JsonFields() {}

  static Instant time(JsonNode data, String... names) {
    for (String name : names) {
      Optional<Instant> parsed = Timestamps.parse(data.path(name));
      if (parsed.isPresent()) {
        return parsed.get();
      }
    }
    return null;
  }

  static String firstText(JsonNode node, String... names) {
    for (String name : names) {
      String value = text(node, name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  static String text(JsonNode node, String name) {
    JsonNode value = node.path(name);
    if (value.isString() && !value.stringValue().isBlank()) {
      return value.stringValue();
    }
    if (value.isNumber()) {
      return value.asString();
    }
    return null;
  }

  static Long integer(JsonNode node) {
    if (node.isNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isString() && node.stringValue().matches("\\d{1,18}")) {
      return Long.parseLong(node.stringValue());
    }
    return null;
  }

  static Double decimal(JsonNode node) {
    if (node.isNumber()) {
      double value = node.asDouble();
      return Double.isFinite(value) ? value : null;
    }
    if (node.isString()) {
      try {
        double value = Double.parseDouble(node.stringValue());
        return Double.isFinite(value) ? value : null;
      } catch (NumberFormatException notNumber) {
        return null;
      }
    }
    return null;
  }
}
