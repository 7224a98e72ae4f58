package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON row against a table's columns, as insertAll and load jobs both must: an unknown
 * field is an error unless {@code ignoreUnknownValues} (the API default is false), a value of the
 * wrong type is an error, and a REQUIRED column must have a value.
 */
final class RowChecker {

  /** A row's problem: the field it is about ("" for the row) and what is wrong. */
  record Problem(String field, String message) {}

  private final List<Field> fields;
  private final boolean ignoreUnknownValues;

  RowChecker(List<Field> fields, boolean ignoreUnknownValues) {
    this.fields = fields;
    this.ignoreUnknownValues = ignoreUnknownValues;
  }

  /**
   * The row's values in column order, or null with {@code problems} filled.
   *
   * @param unknown how an unknown field is described: insertAll says "no such field: x." and load
   *     jobs "No such field: x." (reference sections 4 and 5)
   */
  Object[] check(
      JsonNode row, List<Problem> problems, java.util.function.UnaryOperator<String> unknown) {
    Object[] values = new Object[fields.size()];
    boolean[] present = new boolean[fields.size()];
    if (row == null || !row.isObject()) {
      problems.add(new Problem("", "The row is not a JSON object."));
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = row.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      int column = column(entry.getKey());
      if (column < 0) {
        if (!ignoreUnknownValues) {
          problems.add(new Problem(entry.getKey(), unknown.apply(entry.getKey())));
        }
        continue;
      }
      present[column] = true;
      try {
        values[column] = Values.convert(fields.get(column).type(), entry.getValue());
      } catch (Values.Invalid e) {
        problems.add(new Problem(entry.getKey(), e.getMessage()));
      }
    }
    for (int c = 0; c < values.length; c++) {
      boolean badValue = present[c] && !entryIsNull(row, fields.get(c).name());
      if (values[c] == null && fields.get(c).required() && !badValue) {
        // Reason invalid; the wording is unconfirmed (google-cloud-go#1198 shows an empty one).
        problems.add(
            new Problem(
                fields.get(c).name(), "Missing required field: " + fields.get(c).name() + "."));
      }
    }
    return problems.isEmpty() ? values : null;
  }

  private static boolean entryIsNull(JsonNode row, String name) {
    for (Map.Entry<String, JsonNode> entry : row.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue().isNull();
      }
    }
    return true;
  }

  private int column(String name) {
    for (int c = 0; c < fields.size(); c++) {
      if (fields.get(c).name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return -1;
  }

  static List<Problem> none() {
    return new ArrayList<>();
  }
}
