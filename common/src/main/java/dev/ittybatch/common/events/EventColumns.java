package dev.ittybatch.common.events;

import dev.ittybatch.common.results.ResultColumns.Type;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns of {@code batch_events}, in the order of {@code sql/bigquery/04_batch_events.sql},
 * each with the way to read it from an event. Every writer goes through this list, and a test holds
 * the DDL file to it.
 */
public final class EventColumns {

  /** One column: its name, its type, and its value in an event (null when unset). */
  public record Column(String name, Type type, Function<BatchEvent, Object> value) {}

  public static final List<Column> ALL =
      List.of(
          new Column("event_id", Type.STRING, BatchEvent::eventId),
          new Column("batch_id", Type.STRING, BatchEvent::batchId),
          new Column("kind", Type.STRING, BatchEvent::kind),
          new Column("reason", Type.STRING, BatchEvent::reason),
          new Column("detail", Type.STRING, BatchEvent::detail),
          new Column("origin", Type.STRING, BatchEvent::origin),
          new Column("occurred_at", Type.TIMESTAMP, BatchEvent::occurredAt));

  private EventColumns() {}

  /** {@code event_id, batch_id, ...}: the column list of an INSERT, in table order. */
  public static String names() {
    return ALL.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  /** A value as read from an event: {@link String} or {@link Instant}. */
  public static Object valueOf(Column column, BatchEvent event) {
    return column.value().apply(event);
  }
}
