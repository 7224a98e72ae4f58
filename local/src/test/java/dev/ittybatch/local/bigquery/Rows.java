package dev.ittybatch.local.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.TableResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A query's rows as column-name maps of Long, Double, String, Boolean and Instant. */
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
}
