package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultsStore;
import java.util.List;

/**
 * Where the orchestrator keeps and reads a batch's ledger. Writes return once durable; reads go
 * through {@link BatchQueries}. A batch's events (pause, resume, cancel, notices) go to the {@link
 * EventLog} and result rows (reconciliation's, a cancel's) to the {@link ResultsStore}: the doors
 * every component writes through.
 */
public interface BatchStore extends BatchQueries {

  void recordRun(BatchRun run);

  /** Stores ledger entries; they must be durable before their tasks are created. */
  void recordEntries(List<LedgerEntry> entries);

  /**
   * Takes a name of a batch's for whoever asks first: true for that one caller, false for every
   * other, whenever it asks. What lets passes that run side by side agree on which of them posts a
   * notice: a Cloud Storage object created only if absent.
   */
  boolean claim(String batchId, String name);
}
