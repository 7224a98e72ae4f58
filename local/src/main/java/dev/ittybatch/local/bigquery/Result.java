package dev.ittybatch.local.bigquery;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A query's rows, already in the form the API sends them: every cell a string or null (a list of
 * them for a REPEATED column), because the client refuses a bare JSON number or boolean
 * ("Unexpected table cell format", BQ/FieldValue.java L386-422).
 *
 * @param rows each row's cells, in field order: String, null, or List of String
 */
record Result(List<Field> fields, List<Object[]> rows) {

  static Result read(ResultSet resultSet) throws SQLException {
    ResultSetMetaData meta = resultSet.getMetaData();
    int columns = meta.getColumnCount();
    List<Field> fields = new ArrayList<>(columns);
    String[] duckdbTypes = new String[columns];
    for (int c = 0; c < columns; c++) {
      String duckdb = meta.getColumnTypeName(c + 1);
      boolean repeated = duckdb.endsWith("[]");
      duckdbTypes[c] = repeated ? duckdb.substring(0, duckdb.length() - 2) : duckdb;
      fields.add(
          new Field(
              meta.getColumnLabel(c + 1),
              Types.fromDuckdb(duckdbTypes[c]),
              repeated ? "REPEATED" : "NULLABLE",
              null));
    }
    List<Object[]> rows = new ArrayList<>();
    while (resultSet.next()) {
      Object[] row = new Object[columns];
      for (int c = 0; c < columns; c++) {
        row[c] =
            fields.get(c).mode().equals("REPEATED")
                ? list(resultSet.getArray(c + 1), fields.get(c).type())
                : cell(resultSet, c + 1, duckdbTypes[c], fields.get(c).type());
      }
      rows.add(row);
    }
    return new Result(List.copyOf(fields), rows);
  }

  private static String cell(ResultSet rows, int column, String duckdbType, String apiType)
      throws SQLException {
    if (apiType.equals("TIMESTAMP")) {
      if (duckdbType.toUpperCase().contains("TIME ZONE")) {
        OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
        return at == null ? null : timestamp(at.toInstant());
      }
      LocalDateTime at = rows.getObject(column, LocalDateTime.class);
      return at == null ? null : timestamp(at.toInstant(ZoneOffset.UTC));
    }
    if (apiType.equals("DATE")) {
      LocalDate date = rows.getObject(column, LocalDate.class);
      return date == null ? null : date.toString();
    }
    if (apiType.equals("TIME")) {
      LocalTime time = rows.getObject(column, LocalTime.class);
      return time == null ? null : time.toString();
    }
    return format(rows.getObject(column), apiType);
  }

  private static List<String> list(Array array, String apiType) throws SQLException {
    if (array == null) {
      return List.of();
    }
    List<String> cells = new ArrayList<>();
    for (Object element : (Object[]) array.getArray()) {
      cells.add(format(element, apiType));
    }
    return cells;
  }

  private static String format(Object value, String apiType) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof BigDecimal decimal) {
      return apiType.equals("FLOAT")
          ? Double.toString(decimal.doubleValue())
          : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof LocalDateTime local) {
      return timestamp(local.toInstant(ZoneOffset.UTC));
    }
    if (value instanceof OffsetDateTime offset) {
      return timestamp(offset.toInstant());
    }
    return value.toString();
  }

  /**
   * TIMESTAMP as float seconds in scientific notation, as BigQuery sends it when {@code
   * useInt64Timestamp} is false ({@code "1.408452095220E9"}: elixir-google-api#1713); exact to the
   * microsecond, since the client reads it with BigDecimal (BQ/FieldValue.java L220-232).
   */
  static String timestamp(Instant instant) {
    return seconds(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }

  static String seconds(long micros) {
    BigDecimal value = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    String digits = value.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - value.scale();
    String mantissa = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
    return (micros < 0 ? "-" : "") + mantissa + "E" + exponent;
  }

  /** TIMESTAMP as int64 microseconds, when the client asked for {@code useInt64Timestamp}. */
  static String micros(String seconds) {
    return seconds == null
        ? null
        : new BigDecimal(seconds).movePointRight(6).toBigIntegerExact().toString();
  }
}
