package dev.ittybatch.orchestrator.batch;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetId;
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

  /**
   * Query jobs in BigQuery, in the dataset and its location, as the caller's client is allowed to
   * run them.
   */
  static BatchQueries onBigQuery(BigQuery bigQuery, DatasetId dataset, String location) {
    return new BigQueryQueries(bigQuery, dataset, location);
  }
}
