package dev.ittybatch.common.results.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.TableId;
import dev.ittybatch.common.results.MicroBatcher;
import dev.ittybatch.common.results.ResultColumns;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes result rows with BigQuery's streaming {@code insertAll}. The event id is the row's {@code
 * insertId}, so a redelivered webhook within BigQuery's de-duplication window is stored once (and
 * the client retries a request only when every row has one). Concurrent requests share one
 * insertAll of up to 500 rows; each still waits for its own row's result, and a row BigQuery
 * refuses fails only the request that sent it.
 */
public final class BigQueryResultsStore implements ResultsStore, AutoCloseable {

  /** BigQuery's canonical TIMESTAMP text, which insertAll accepts without guessing. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'").withZone(ZoneOffset.UTC);

  private final BigQuery bigQuery;
  private final TableId table;
  private final MicroBatcher batcher;

  public BigQueryResultsStore(
      BigQuery bigQuery, TableId table, int maxBatch, Duration linger, Duration waitLimit) {
    this(bigQuery, table, maxBatch, linger, waitLimit, "bigquery-writer");
  }

  /**
   * @param threadName the name of the one thread that writes: the component's, so that where the
   *     CPU goes can be told apart when several components share a JVM
   */
  public BigQueryResultsStore(
      BigQuery bigQuery,
      TableId table,
      int maxBatch,
      Duration linger,
      Duration waitLimit,
      String threadName) {
    this.bigQuery = bigQuery;
    this.table = table;
    this.batcher = new MicroBatcher(threadName, this::insert, maxBatch, linger, waitLimit);
  }

  @Override
  public void record(List<ResultRow> rows) {
    batcher.record(rows);
  }

  List<String> insert(List<ResultRow> rows) {
    InsertAllRequest.Builder request =
        InsertAllRequest.newBuilder(table).setSkipInvalidRows(true).setIgnoreUnknownValues(false);
    for (ResultRow row : rows) {
      request.addRow(row.eventId(), toBigQuery(row));
    }
    InsertAllResponse response;
    try {
      response = bigQuery.insertAll(request.build());
    } catch (BigQueryException e) {
      throw new ResultsStoreException("BigQuery insertAll into " + table + " failed: " + e, e);
    }
    List<String> problems = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      List<BigQueryError> errors = response.getErrorsFor(i);
      problems.add(
          errors == null || errors.isEmpty()
              ? null
              : errors.stream()
                  .map(error -> error.getReason() + ": " + error.getMessage())
                  .collect(Collectors.joining("; ")));
    }
    return problems;
  }

  /** A row as insertAll takes it: every set column, timestamps in BigQuery's text form. */
  static Map<String, Object> toBigQuery(ResultRow row) {
    Map<String, Object> content = new HashMap<>();
    for (ResultColumns.Column column : ResultColumns.ALL) {
      Object value = ResultColumns.valueOf(column, row);
      if (value != null) {
        content.put(
            column.name(),
            column.type() == ResultColumns.Type.TIMESTAMP ? timestamp((Instant) value) : value);
      }
    }
    return content;
  }

  private static String timestamp(Instant instant) {
    return instant == null ? null : TIMESTAMP.format(instant);
  }

  @Override
  public void close() throws InterruptedException {
    batcher.close();
  }
}
