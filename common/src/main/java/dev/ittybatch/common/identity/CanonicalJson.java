package dev.ittybatch.common.identity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A single textual form for equal JSON values: object keys sorted, no white space, numbers in their
 * shortest exact decimal form ({@code 1920}, {@code 1920.0} and {@code 1.92e3} are one number).
 */
public final class CanonicalJson {

  private static final JsonMapper STRINGS = JsonMapper.builder().build();

  private CanonicalJson() {}

  public static String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString();
  }

  private static void append(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>(node.propertyNames());
      Collections.sort(names);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(STRINGS.writeValueAsString(names.get(i))).append(':');
        append(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      appendNumber(node, out);
    } else if (node.isString()) {
      out.append(STRINGS.writeValueAsString(node.stringValue()));
    } else {
      out.append(node.toString());
    }
  }

  private static void appendNumber(JsonNode node, StringBuilder out) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      out.append(node.toString());
      return;
    }
    BigDecimal value = node.decimalValue().stripTrailingZeros();
    if (value.signum() == 0) {
      out.append('0');
    } else if (Math.abs(value.scale()) <= 64) {
      out.append(value.toPlainString());
    } else {
      // A plain form of 1e999999 would be a megabyte of zeros: keep the exponent.
      out.append(value.toString());
    }
  }
}
