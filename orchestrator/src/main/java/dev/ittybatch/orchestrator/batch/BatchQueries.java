package dev.ittybatch.orchestrator.batch;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The read side of a batch's records: the queries of {@code sql/queries}, streamed a row at a time
 * so no side holds a large batch whole. What the status page and {@code run-local}'s progress read,
 * as the orchestrator reads its batch state.
 */
public interface BatchQueries {

  /**
   * Streams a query of {@code sql/queries}.
   *
   * @param parameters values of the query's {@code @name} parameters, as text
   */
  void stream(String query, Map<String, String> parameters, Consumer<Map<String, Object>> rows);

  /** A query of one batch: its one parameter is {@code @batch_id}. */
  default void stream(String query, String batchId, Consumer<Map<String, Object>> rows) {
    stream(query, Map.of("batch_id", batchId), rows);
  }

  /** Streams {@code batch_state.sql}: every entry of the batch once, typed. */
  default void streamState(String batchId, Consumer<StateRow> rows) {
    stream("batch_state", batchId, row -> rows.accept(StateRow.read(row)));
  }

  /** The batch's progress ({@code progress_summary.sql}); every count 0 for a batch with none. */
  default Progress progress(String batchId) {
    List<Map<String, Object>> rows = new ArrayList<>();
    stream("progress_summary", batchId, rows::add);
    return rows.isEmpty() ? Progress.NONE : Progress.read(rows.get(0));
  }

  /** The manifest of the batch's latest enqueue run, from the ledger; null if none. */
  default String manifestUri(String batchId) {
    String[] manifest = new String[1];
    stream("batch_manifest", batchId, row -> manifest[0] = (String) row.get("manifest_uri"));
    return manifest[0];
  }

  /**
   * Query jobs in BigQuery, in the dataset and its location, as the caller's client is allowed to
   * run them.
   */
  static BatchQueries onBigQuery(BigQuery bigQuery, DatasetId dataset, String location) {
    return new BigQueryQueries(bigQuery, dataset, location);
  }
}
