package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultsStore;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the orchestrator keeps and reads a batch's ledger. Writes return once durable; result rows
 * (reconciliation's) go through the {@link ResultsStore} half.
 */
public interface BatchStore extends ResultsStore {

  void recordRun(BatchRun run);

  /** Stores ledger entries; they must be durable before their tasks are created. */
  void recordEntries(List<LedgerEntry> entries);

  /**
   * Streams a query of {@code sql/queries} for one batch, one row at a time, so no side holds a
   * large batch whole.
   */
  void stream(String query, String batchId, Consumer<Map<String, Object>> rows);
}
