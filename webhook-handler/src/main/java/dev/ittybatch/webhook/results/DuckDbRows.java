package dev.ittybatch.webhook.results;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** DuckDB rows as column-name maps, timestamps as UTC instants (they are stored as UTC). */
final class DuckDbRows {

  private DuckDbRows() {}

  static Map<String, Object> current(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    Map<String, Object> row = new LinkedHashMap<>();
    for (int c = 1; c <= meta.getColumnCount(); c++) {
      Object value = rows.getObject(c);
      if (value instanceof Timestamp timestamp) {
        value = timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
      } else if (value instanceof LocalDateTime local) {
        value = local.toInstant(ZoneOffset.UTC);
      } else if (value instanceof BigInteger big) {
        value = big.longValue();
      }
      row.put(meta.getColumnLabel(c), value);
    }
    return row;
  }
}
