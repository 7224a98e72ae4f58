package dev.ittybatch.common.results;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
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

  /**
   * One column: its name, its type, its value in a row (null when unset), and how a value of its
   * type ({@link #valueOf}'s kinds) is set on a row being built.
   */
  public record Column(
      String name,
      Type type,
      Function<ResultRow, Object> value,
      BiConsumer<ResultRowBuilder, Object> set) {}

  public static final List<Column> ALL =
      List.of(
          new Column("job_id", Type.STRING, ResultRow::jobId, (b, v) -> b.jobId((String) v)),
          new Column(
              "status",
              Type.STRING,
              row -> row.status().wireName(),
              (b, v) -> b.status(v == null ? null : ResultStatus.parse((String) v))),
          new Column("kind", Type.STRING, ResultRow::kind, (b, v) -> b.kind((String) v)),
          new Column(
              "source_bucket",
              Type.STRING,
              ResultRow::sourceBucket,
              (b, v) -> b.sourceBucket((String) v)),
          new Column(
              "source_key", Type.STRING, ResultRow::sourceKey, (b, v) -> b.sourceKey((String) v)),
          new Column(
              "output_url", Type.STRING, ResultRow::outputUrl, (b, v) -> b.outputUrl((String) v)),
          new Column("width", Type.INT64, ResultRow::width, (b, v) -> b.width((Long) v)),
          new Column("height", Type.INT64, ResultRow::height, (b, v) -> b.height((Long) v)),
          new Column(
              "duration", Type.FLOAT64, ResultRow::duration, (b, v) -> b.duration((Double) v)),
          new Column("format", Type.STRING, ResultRow::format, (b, v) -> b.format((String) v)),
          new Column(
              "duration_ms", Type.INT64, ResultRow::durationMs, (b, v) -> b.durationMs((Long) v)),
          new Column(
              "created_at",
              Type.TIMESTAMP,
              ResultRow::createdAt,
              (b, v) -> b.createdAt((Instant) v)),
          new Column(
              "completed_at",
              Type.TIMESTAMP,
              ResultRow::completedAt,
              (b, v) -> b.completedAt((Instant) v)),
          new Column("batch_id", Type.STRING, ResultRow::batchId, (b, v) -> b.batchId((String) v)),
          new Column("entry_id", Type.STRING, ResultRow::entryId, (b, v) -> b.entryId((String) v)),
          new Column("event_id", Type.STRING, ResultRow::eventId, (b, v) -> b.eventId((String) v)),
          new Column(
              "error_kind", Type.STRING, ResultRow::errorKind, (b, v) -> b.errorKind((String) v)),
          new Column(
              "error_message",
              Type.STRING,
              ResultRow::errorMessage,
              (b, v) -> b.errorMessage((String) v)),
          new Column(
              "received_at",
              Type.TIMESTAMP,
              ResultRow::receivedAt,
              (b, v) -> b.receivedAt((Instant) v)),
          new Column(
              "started_at",
              Type.TIMESTAMP,
              ResultRow::startedAt,
              (b, v) -> b.startedAt((Instant) v)),
          new Column("origin", Type.STRING, ResultRow::origin, (b, v) -> b.origin((String) v)),
          new Column(
              "attempt",
              Type.INT64,
              row -> row.attempt() == null ? null : row.attempt().longValue(),
              (b, v) -> b.attempt(v == null ? null : ((Long) v).intValue())),
          new Column(
              "generation",
              Type.INT64,
              row -> row.generation() == null ? null : row.generation().longValue(),
              (b, v) -> b.generation(v == null ? null : ((Long) v).intValue())));

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
    ResultRowBuilder row = new ResultRowBuilder();
    for (Column column : ALL) {
      Object value = json.get(column.name());
      try {
        column.set().accept(row, value == null ? null : typed(column.type(), value));
      } catch (ClassCastException | java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "column " + column.name() + ": " + value + " is not a " + column.type(), e);
      }
    }
    return row.build();
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
