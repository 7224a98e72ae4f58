package dev.ittybatch.orchestrator.lifecycle;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.EntryVerdict;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.orchestrator.batch.BatchStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pause or a cancel does to a batch's entries with no outcome, from the ledger: their queued
 * tasks deleted by name, and for a cancel each recorded {@code cancelled} once its task is gone.
 */
final class PendingSweep {

  private static final int CHUNK = 500;

  private final BatchStore store;
  private final TaskDeletion deletion;
  private final ResultsStore results;

  PendingSweep(BatchStore store, TaskDeletion deletion, ResultsStore results) {
    this.store = store;
    this.deletion = deletion;
    this.results = results;
  }

  /** An entry with no outcome: its newest generation and that generation's task. */
  private record Pending(EntryId entryId, int generation, String taskName) {}

  /**
   * Deletes the queued tasks of the entries with no outcome, a chunk at a time as the ledger
   * streams in (a million entries are never held at once); with {@code cancelledAt}, records each
   * of them cancelled once its task is deleted.
   */
  BatchControl.Outcome run(BatchId batchId, Instant cancelledAt, Instant now)
      throws InterruptedException {
    long[] counts = new long[4];
    TaskDeletion.Counts[] deleted = {TaskDeletion.Counts.none()};
    List<Pending> chunk = new ArrayList<>();
    Runnable flush =
        () -> {
          try {
            deleted[0] = deleted[0].plus(settle(batchId, chunk, cancelledAt, now));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting tasks", e);
          }
          counts[3] += cancelledAt == null ? 0 : chunk.size();
          chunk.clear();
        };
    store.streamState(
        batchId.value(),
        row -> {
          if (row.pending()) {
            counts[0]++;
            chunk.add(new Pending(row.entryId(), row.generation(), row.taskName()));
            if (chunk.size() == CHUNK) {
              flush.run();
            }
          } else if (row.status() == ResultStatus.DISPATCHED) {
            counts[1]++;
          } else {
            counts[2]++;
          }
        });
    flush.run();
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    TaskDeletion.Counts tasks = deleted[0];
    return new BatchControl.Outcome(
        counts[0],
        counts[1],
        counts[2],
        tasks.deleted(),
        tasks.gone(),
        tasks.failed(),
        tasks.stoppedBy(),
        counts[3]);
  }

  private TaskDeletion.Counts settle(
      BatchId batchId, List<Pending> chunk, Instant cancelledAt, Instant now)
      throws InterruptedException {
    List<String> names = new ArrayList<>();
    for (Pending entry : chunk) {
      if (entry.taskName() != null) {
        names.add(entry.taskName());
      }
    }
    TaskDeletion.Counts counts = deletion.delete(names);
    if (cancelledAt != null && !chunk.isEmpty()) {
      List<ResultRow> rows = new ArrayList<>();
      for (Pending entry : chunk) {
        rows.add(cancelled(batchId, entry, cancelledAt, now));
      }
      results.record(rows);
    }
    return counts;
  }

  private static ResultRow cancelled(
      BatchId batchId, Pending entry, Instant cancelledAt, Instant now) {
    return ResultRow.fromVerdict(
        new EntryVerdict(
            new EntryIdentity(batchId, entry.entryId()),
            entry.generation(),
            ResultStatus.CANCELLED,
            "cancelled",
            "cancelled by deploy/deploy.sh cancel before it reached Ittybit; re-drive with --retry"
                + " cancelled",
            ResultRow.ORIGIN_USER,
            cancelledAt),
        now);
  }
}
