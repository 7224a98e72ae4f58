package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultsStore;
import java.util.List;

/**
 * Where the orchestrator keeps and reads a batch's ledger. Writes return once durable; reads go
 * through {@link BatchQueries}. Result rows (reconciliation's) take the one door every component
 * writes rows through, the {@link ResultsStore}.
 */
public interface BatchStore extends BatchQueries {

  void recordRun(BatchRun run);

  /** Stores ledger entries; they must be durable before their tasks are created. */
  void recordEntries(List<LedgerEntry> entries);
}
