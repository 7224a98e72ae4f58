package dev.ittybatch.orchestrator.lifecycle;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.orchestrator.batch.BatchState;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.batch.EntryPlan;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pause, resume and cancel of one batch, with the orchestrator's account. Each is recorded in
 * {@code batch_events} first, so that a reconciliation pass running meanwhile already holds the
 * batch, and then done from the ledger: the tasks of its entries with no outcome are deleted by
 * name (the ledger's task name of their newest generation; another batch's tasks are never named),
 * and a cancel records those entries {@code cancelled}, origin {@code user}. Entries whose job
 * Ittybit has already made are left to finish: Ittybit documents no way to cancel a job, and their
 * outcomes are recorded as they come. An attempt in flight when its task is deleted still reaches
 * the task-handler (Cloud Tasks deletes a dispatched task, it does not call the request back): if
 * it makes a job, its row says so; if it fails, no retry follows and the entry stays pending, to be
 * sent again by resume under the same idempotency key and bytes, so Ittybit answers with the job
 * that attempt made, if any, instead of making another.
 */
public final class BatchControl {

  private static final Logger log = LoggerFactory.getLogger(BatchControl.class);
  static final String ORIGIN = "orchestrator";

  private final BatchStore store;
  private final EventLog events;
  private final PendingSweep sweep;
  private final Clock clock;

  public BatchControl(
      BatchStore store,
      EventLog events,
      ResultsStore results,
      CloudTasksClient tasks,
      Clock clock) {
    this.store = store;
    this.events = events;
    this.sweep = new PendingSweep(store, new TaskDeletion(tasks), results);
    this.clock = clock;
  }

  /**
   * What a pause or a cancel found and did: entries with no outcome, dispatched and settled; their
   * tasks deleted, gone already, not deleted (and why the rest were not tried); rows recorded.
   */
  public record Outcome(
      long pending,
      long dispatched,
      long settled,
      long deleted,
      long gone,
      long failed,
      String stoppedBy,
      long recorded) {

    public boolean complete() {
      return failed == 0;
    }
  }

  /** Why an enqueue run must not go on, or null: the batch is paused or cancelled. */
  public String refusal(BatchId batchId) {
    BatchLife life = BatchLife.read(store, batchId.value());
    if (life.cancelled()) {
      return "batch "
          + batchId
          + " was "
          + life.holdReason()
          + ": deploy/deploy.sh resume "
          + batchId
          + " reopens it (its cancelled entries stay cancelled until you re-drive them"
          + " with --retry cancelled)";
    }
    if (life.paused()) {
      return "batch "
          + batchId
          + " is "
          + life.holdReason()
          + ": deploy/deploy.sh resume "
          + batchId
          + " enqueues what it still lacks";
    }
    return null;
  }

  public BatchLife life(BatchId batchId) {
    return BatchLife.read(store, batchId.value());
  }

  /** Records the pause, then deletes the tasks of the batch's entries with no outcome. */
  public Outcome pause(BatchId batchId, BatchLife life) throws InterruptedException {
    Instant now = clock.instant();
    if (!life.paused()) {
      events.append(
          BatchEvent.of(
              BatchEvent.Kind.PAUSED,
              batchId.value(),
              "paused by deploy/deploy.sh pause: its queued tasks are deleted, nothing of it is"
                  + " re-driven until deploy/deploy.sh resume "
                  + batchId,
              null,
              ORIGIN,
              now,
              now.toString()));
    }
    return sweep.run(batchId, null, now);
  }

  /**
   * Records the cancel, deletes the tasks of the entries with no outcome and records each of them
   * {@code cancelled}: every entry ends with an outcome.
   */
  public Outcome cancel(BatchId batchId, BatchLife life) throws InterruptedException {
    Instant now = clock.instant();
    if (!life.cancelled()) {
      events.append(
          BatchEvent.of(
              BatchEvent.Kind.CANCELLED,
              batchId.value(),
              "cancelled by deploy/deploy.sh cancel: queued tasks deleted, entries with no outcome"
                  + " recorded cancelled; jobs Ittybit had made are left to finish",
              null,
              ORIGIN,
              now,
              now.toString()));
    }
    return sweep.run(batchId, now, now);
  }

  /** What a resume enqueues, and how many entries of the batch have no outcome. */
  public record Resumption(EntryPlan plan, long pending) {}

  /**
   * What a resume enqueues: the entries with no outcome again, each under its own key while Ittybit
   * keeps it, and what the ledger has never seen (a run stopped by the pause). Null when the batch
   * is neither paused nor cancelled.
   */
  public Resumption resumption(BatchId batchId, BatchLife life) {
    if (!life.held()) {
      return null;
    }
    BatchState state = BatchState.load(store, batchId.value());
    log.info("resuming batch {}: {}", batchId, state);
    return new Resumption(EntryPlan.resume(state, clock.instant()), state.pending());
  }

  /** Records the resume, once what it enqueues is in the queue. */
  public void resumed(BatchId batchId, BatchLife life) {
    Instant now = clock.instant();
    events.append(
        BatchEvent.of(
            BatchEvent.Kind.RESUMED,
            batchId.value(),
            "resumed by deploy/deploy.sh resume after it was " + life.holdReason(),
            "batch",
            ORIGIN,
            now,
            now.toString()));
  }
}
