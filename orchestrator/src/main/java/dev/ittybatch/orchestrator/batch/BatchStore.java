package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultsStore;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the orchestrator keeps and reads a batch's ledger. Writes return once durable; result rows
 * (reconciliation's, a cancel's) go through the {@link ResultsStore} half, a batch's events (pause,
 * resume, cancel, notices) through the {@link EventLog} half.
 */
public interface BatchStore extends ResultsStore, EventLog {

  void recordRun(BatchRun run);

  /** Stores ledger entries; they must be durable before their tasks are created. */
  void recordEntries(List<LedgerEntry> entries);

  /**
   * Streams a query of {@code sql/queries}, one row at a time, so no side holds a large batch
   * whole.
   *
   * @param parameters values of the query's {@code @name} parameters, as text
   */
  void stream(String query, Map<String, String> parameters, Consumer<Map<String, Object>> rows);

  /**
   * Takes a name of a batch's for whoever asks first: true for that one caller, false for every
   * other, whenever it asks. What lets passes that run side by side agree on which of them posts a
   * notice (a Cloud Storage object created only if absent, or a row of the local file).
   */
  boolean claim(String batchId, String name);

  /** The local store: the webhook-handler at {@code baseUrl}, which owns the DuckDB file. */
  static BatchStore overHttp(String baseUrl, String internalToken, JsonMapper json) {
    return new HttpBatchStore(baseUrl, internalToken, json);
  }

  /** A query of one batch: its one parameter is {@code @batch_id}. */
  default void stream(String query, String batchId, Consumer<Map<String, Object>> rows) {
    stream(query, Map.of("batch_id", batchId), rows);
  }
}
