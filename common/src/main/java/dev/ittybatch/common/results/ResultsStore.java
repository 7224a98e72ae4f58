package dev.ittybatch.common.results;

import java.util.List;

/**
 * Where outcomes are recorded: BigQuery (or its stand-in, on one machine). Callers answer their own
 * caller (Cloud Tasks, Ittybit) with success only after this returns, so an implementation must
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
}
