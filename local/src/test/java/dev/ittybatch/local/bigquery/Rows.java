package dev.ittybatch.local.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.TableResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of either engine as column-name maps of Long, Double, String, Boolean and Instant. */
final class Rows {

  private Rows() {}

  static List<Map<String, Object>> of(TableResult result) {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Field> fields = result.getSchema().getFields();
    for (FieldValueList row : result.iterateAll()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        map.put(fields.get(i).getName(), value(fields.get(i).getType(), row.get(i)));
      }
      rows.add(map);
    }
    return rows;
  }

  private static Object value(LegacySQLTypeName type, FieldValue value) {
    if (value.isNull()) {
      return null;
    }
    if (type == LegacySQLTypeName.INTEGER) {
      return value.getLongValue();
    }
    if (type == LegacySQLTypeName.FLOAT || type == LegacySQLTypeName.NUMERIC) {
      return value.getDoubleValue();
    }
    if (type == LegacySQLTypeName.BOOLEAN) {
      return value.getBooleanValue();
    }
    if (type == LegacySQLTypeName.TIMESTAMP) {
      return value.getTimestampInstant();
    }
    return value.getStringValue();
  }

  /** DuckDB's rows with numbers made comparable: integers as Long, the rest as Double. */
  static List<Map<String, Object>> normalized(List<Map<String, Object>> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> map = new LinkedHashMap<>();
      row.forEach(
          (name, value) -> {
            if (value instanceof Integer || value instanceof Short || value instanceof BigInteger) {
              map.put(name, ((Number) value).longValue());
            } else if (value instanceof BigDecimal || value instanceof Float) {
              map.put(name, ((Number) value).doubleValue());
            } else {
              map.put(name, value);
            }
          });
      out.add(map);
    }
    return out;
  }
}
