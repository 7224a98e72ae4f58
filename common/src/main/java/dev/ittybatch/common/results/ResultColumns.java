package dev.ittybatch.common.results;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The results table's columns, in the order of {@code sql/bigquery/02_task_results.sql}, each with
 * the way to read it from a row. Every writer goes through this one list, and a test holds the DDL
 * file to it, so a column cannot be added, dropped or swapped in one place only.
 */
public final class ResultColumns {

  /** The value kinds a column can hold, named as BigQuery names them. */
  public enum Type {
    STRING,
    INT64,
    FLOAT64,
    TIMESTAMP
  }

  /** One column: its name, its type, and its value in a row (null when unset). */
  public record Column(String name, Type type, Function<ResultRow, Object> value) {}

  public static final List<Column> ALL =
      List.of(
          new Column("job_id", Type.STRING, ResultRow::jobId),
          new Column("status", Type.STRING, row -> row.status().wireName()),
          new Column("kind", Type.STRING, ResultRow::kind),
          new Column("source_bucket", Type.STRING, ResultRow::sourceBucket),
          new Column("source_key", Type.STRING, ResultRow::sourceKey),
          new Column("output_url", Type.STRING, ResultRow::outputUrl),
          new Column("width", Type.INT64, ResultRow::width),
          new Column("height", Type.INT64, ResultRow::height),
          new Column("duration", Type.FLOAT64, ResultRow::duration),
          new Column("format", Type.STRING, ResultRow::format),
          new Column("duration_ms", Type.INT64, ResultRow::durationMs),
          new Column("created_at", Type.TIMESTAMP, ResultRow::createdAt),
          new Column("completed_at", Type.TIMESTAMP, ResultRow::completedAt),
          new Column("batch_id", Type.STRING, ResultRow::batchId),
          new Column("entry_id", Type.STRING, ResultRow::entryId),
          new Column("event_id", Type.STRING, ResultRow::eventId),
          new Column("error_kind", Type.STRING, ResultRow::errorKind),
          new Column("error_message", Type.STRING, ResultRow::errorMessage),
          new Column("received_at", Type.TIMESTAMP, ResultRow::receivedAt),
          new Column("started_at", Type.TIMESTAMP, ResultRow::startedAt),
          new Column("origin", Type.STRING, ResultRow::origin),
          new Column(
              "attempt",
              Type.INT64,
              row -> row.attempt() == null ? null : row.attempt().longValue()),
          new Column(
              "generation",
              Type.INT64,
              row -> row.generation() == null ? null : row.generation().longValue()));

  private ResultColumns() {}

  /** {@code job_id, status, ...}: the column list of an INSERT, in table order. */
  public static String names() {
    return ALL.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  /**
   * A value as read from a row: {@link String}, {@link Long}, {@link Double} or {@link Instant}.
   */
  public static Object valueOf(Column column, ResultRow row) {
    return column.value().apply(row);
  }

  /**
   * The row as JSON names it: the columns in table order, timestamps as ISO-8601 instants. The one
   * place the row's JSON names come from.
   */
  static Map<String, Object> toJson(ResultRow row) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Column column : ALL) {
      Object value = valueOf(column, row);
      json.put(column.name(), value instanceof Instant instant ? instant.toString() : value);
    }
    return json;
  }

  /**
   * A row from its JSON; columns it lacks are null, names that are no column are ignored.
   *
   * @throws IllegalArgumentException when a value does not fit its column
   */
  static ResultRow fromJson(Map<String, Object> json) {
    Map<String, Object> values = new HashMap<>();
    for (Column column : ALL) {
      Object value = json.get(column.name());
      try {
        values.put(column.name(), value == null ? null : typed(column.type(), value));
      } catch (ClassCastException | java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "column " + column.name() + ": " + value + " is not a " + column.type(), e);
      }
    }
    Object status = values.get("status");
    return new ResultRow(
        (String) values.get("event_id"),
        (String) values.get("batch_id"),
        (String) values.get("entry_id"),
        status == null ? null : ResultStatus.parse((String) status),
        (String) values.get("job_id"),
        (String) values.get("kind"),
        (String) values.get("source_bucket"),
        (String) values.get("source_key"),
        (String) values.get("output_url"),
        (Long) values.get("width"),
        (Long) values.get("height"),
        (Double) values.get("duration"),
        (String) values.get("format"),
        (Long) values.get("duration_ms"),
        (Instant) values.get("created_at"),
        (Instant) values.get("started_at"),
        (Instant) values.get("completed_at"),
        (String) values.get("error_kind"),
        (String) values.get("error_message"),
        (Instant) values.get("received_at"),
        (String) values.get("origin"),
        integer(values.get("attempt")),
        integer(values.get("generation")));
  }

  private static Integer integer(Object value) {
    return value == null ? null : ((Long) value).intValue();
  }

  private static Object typed(Type type, Object value) {
    return switch (type) {
      case STRING -> (String) value;
      case INT64 -> ((Number) value).longValue();
      case FLOAT64 -> ((Number) value).doubleValue();
      case TIMESTAMP -> Instant.parse((String) value);
    };
  }
}
