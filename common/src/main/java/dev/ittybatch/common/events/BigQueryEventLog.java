package dev.ittybatch.common.events;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.TableId;
import dev.ittybatch.common.results.ResultColumns;
import dev.ittybatch.common.results.ResultsStoreException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Batch events through BigQuery's streaming {@code insertAll}, one request per call: events are few
 * (a breaker trips once, an unplaced webhook is the exception), so they need no batching. The event
 * id is the row's {@code insertId}, so a retried call within BigQuery's de-duplication window is
 * stored once.
 */
public final class BigQueryEventLog implements EventLog {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'").withZone(ZoneOffset.UTC);

  private final BigQuery bigQuery;
  private final TableId table;

  public BigQueryEventLog(BigQuery bigQuery, TableId table) {
    this.bigQuery = bigQuery;
    this.table = table;
  }

  @Override
  public void append(List<BatchEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    InsertAllRequest.Builder request =
        InsertAllRequest.newBuilder(table).setSkipInvalidRows(false).setIgnoreUnknownValues(false);
    events.forEach(event -> request.addRow(event.eventId(), toBigQuery(event)));
    InsertAllResponse response;
    try {
      response = bigQuery.insertAll(request.build());
    } catch (BigQueryException e) {
      throw new ResultsStoreException("BigQuery insertAll into " + table + " failed: " + e, e);
    }
    if (response.hasErrors()) {
      String problems =
          response.getInsertErrors().values().stream()
              .flatMap(List::stream)
              .map(BigQueryError::getMessage)
              .collect(Collectors.joining("; "));
      throw new ResultsStoreException("BigQuery refused batch events: " + problems);
    }
  }

  /** An event as insertAll takes it: every set column, the time in BigQuery's text form. */
  static Map<String, Object> toBigQuery(BatchEvent event) {
    Map<String, Object> content = new HashMap<>();
    for (EventColumns.Column column : EventColumns.ALL) {
      Object value = EventColumns.valueOf(column, event);
      if (value != null) {
        content.put(
            column.name(),
            column.type() == ResultColumns.Type.TIMESTAMP
                ? TIMESTAMP.format((Instant) value)
                : value);
      }
    }
    return content;
  }
}
