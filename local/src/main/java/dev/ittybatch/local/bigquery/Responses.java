package dev.ittybatch.local.bigquery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schemas and pages of rows as the API writes them. A page token names the table it pages and the
 * row it starts at, so the token of a jobs.query response is also good for tabledata.list on the
 * job's destination table, where the client fetches the later pages (reference section 2).
 */
final class Responses {

  /** A page: its rows, and the token of the next one or null. */
  record Page(ArrayNode rows, String next) {}

  private Responses() {}

  static void fields(ArrayNode array, List<Field> fields) {
    for (Field field : fields) {
      field.write(array.addObject());
    }
  }

  static ObjectNode schema(JsonMapper json, List<Field> fields) {
    ObjectNode schema = json.createObjectNode();
    fields(schema.putArray("fields"), fields);
    return schema;
  }

  /**
   * Rows from {@code offset}: at most {@code maxResults} when given, and about {@code pageBytes} of
   * cells in any case (at least one row).
   *
   * @param rowsOffset the offset of {@code rows}' first row in the table
   */
  static Page page(
      JsonMapper json,
      Result result,
      long rowsOffset,
      long offset,
      long total,
      Long maxResults,
      long pageBytes,
      TableRef table,
      boolean int64Timestamps) {
    ArrayNode rows = json.createArrayNode();
    long limit = maxResults == null ? Long.MAX_VALUE : maxResults;
    long bytes = 0;
    long at = offset;
    List<Field> fields = result.fields();
    while (at < total && at - offset < limit && at - rowsOffset < result.rows().size()) {
      Object[] row = result.rows().get((int) (at - rowsOffset));
      long size = 0;
      ArrayNode cells = rows.addObject().putArray("f");
      for (int c = 0; c < row.length; c++) {
        size += cell(cells.addObject(), row[c], fields.get(c).type(), int64Timestamps) + 8;
      }
      bytes += size;
      at++;
      if (bytes >= pageBytes) {
        break;
      }
    }
    return new Page(rows, at < total ? token(table, at) : null);
  }

  @SuppressWarnings("unchecked")
  private static int cell(ObjectNode cell, Object value, String type, boolean int64Timestamps) {
    if (value == null) {
      cell.putNull("v");
      return 4;
    }
    if (value instanceof List<?> list) {
      ArrayNode items = cell.putArray("v");
      int size = 0;
      for (String item : (List<String>) list) {
        size += cell(items.addObject(), item, type, int64Timestamps);
      }
      return size;
    }
    String text = (String) value;
    cell.put("v", int64Timestamps && type.equals("TIMESTAMP") ? Result.micros(text) : text);
    return text.length();
  }

  static String token(TableRef table, long offset) {
    String raw = offset + ":" + table.dataset() + "." + table.table();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The row a page token starts at; BigQuery's 400 for a token of another table or none. */
  static long offset(String token, TableRef table) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      if (colon > 0 && raw.substring(colon + 1).equals(table.dataset() + "." + table.table())) {
        return Long.parseLong(raw.substring(0, colon));
      }
    } catch (IllegalArgumentException e) {
      // the refusal below
    }
    throw ApiError.invalid("Invalid page token: " + token);
  }
}
