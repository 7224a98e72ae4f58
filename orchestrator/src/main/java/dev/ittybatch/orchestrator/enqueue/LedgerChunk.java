package dev.ittybatch.orchestrator.enqueue;

import com.google.cloud.tasks.v2.CreateTaskRequest;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.task.TaskPayload;
import dev.ittybatch.orchestrator.batch.BatchStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Entries of one ledger chunk and their task requests, held until the chunk is in the ledger: only
 * then are its tasks created. The first chunk is small ({@value #FIRST} entries at most): the queue
 * then has work once that many lines are read and their file loaded, not after the first twenty
 * thousand, which took seconds more to read, write and load. Before each chunk the batch is asked
 * whether it is still going: a run under way when the batch is paused or cancelled stops at its
 * next chunk (what it did not enqueue, a resume does).
 */
final class LedgerChunk {

  static final int FIRST = 1000;

  private final int size;
  private int limit;
  private final BatchStore store;
  private final String runId;
  private final Clock clock;
  private final Supplier<String> held;
  private String stoppedBy;
  private final List<LedgerEntry> entries = new ArrayList<>();
  private final List<CreateTaskRequest> requests = new ArrayList<>();

  /**
   * @param held why the batch must not be enqueued into now (it is paused or cancelled), or null
   */
  LedgerChunk(int size, BatchStore store, String runId, Clock clock, Supplier<String> held) {
    this.size = size;
    this.limit = Math.min(size, FIRST);
    this.store = store;
    this.runId = runId;
    this.clock = clock;
    this.held = held;
  }

  /** Why the run stopped before a chunk, or null. */
  String stoppedBy() {
    return stoppedBy;
  }

  void add(TaskPayload payload, CreateTaskRequest request) {
    entries.add(LedgerEntry.of(payload, request.getTask().getName(), runId, clock.instant()));
    requests.add(request);
  }

  boolean full() {
    return entries.size() >= limit;
  }

  /** Records the chunk in the ledger, then creates its tasks; false once the run must stop. */
  boolean flush(TaskEnqueuer enqueuer) throws InterruptedException {
    if (entries.isEmpty()) {
      return true;
    }
    stoppedBy = held.get();
    if (stoppedBy != null) {
      entries.clear();
      requests.clear();
      return false;
    }
    store.recordEntries(List.copyOf(entries));
    entries.clear();
    limit = size;
    try {
      for (CreateTaskRequest request : requests) {
        if (!enqueuer.submit(request)) {
          return false;
        }
      }
      return true;
    } finally {
      requests.clear();
    }
  }
}
