package dev.ittybatch.common.results;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where outcomes are recorded: BigQuery in production, DuckDB on one machine. Callers answer their
 * own caller (Cloud Tasks, Ittybit) with success only after this returns, so an implementation must
 * return only once the rows are durably stored.
 */
public interface ResultsStore {

  /**
   * Stores the rows, waiting until they are durable.
   *
   * @throws ResultsStoreException when any row could not be stored; the caller must then answer
   *     with a retryable status so the row is offered again
   */
  void record(List<ResultRow> rows);

  default void record(ResultRow row) {
    record(List.of(row));
  }

  /**
   * Stores a row that reports progress rather than an outcome ({@code dispatched}) without making
   * the caller wait. A row that cannot be stored is logged with its ids, never thrown: the entry's
   * outcome row, written synchronously, is what counts. This default simply waits.
   */
  default void recordInBackground(ResultRow row) {
    try {
      record(row);
    } catch (ResultsStoreException e) {
      LoggerFactory.getLogger(ResultsStore.class)
          .error(
              "progress row {} (job {}) not stored: {}",
              row.eventId(),
              row.taskId(),
              e.getMessage());
    }
  }
}
