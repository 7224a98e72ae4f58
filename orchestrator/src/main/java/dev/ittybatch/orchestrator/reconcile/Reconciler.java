package dev.ittybatch.orchestrator.reconcile;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.JobLookup;
import dev.ittybatch.common.results.EntryVerdict;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.orchestrator.batch.BatchState;
import dev.ittybatch.orchestrator.batch.BatchStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation pass over a batch, from {@code sql/queries/batch_state.sql}:
 *
 * <ul>
 *   <li>an entry {@code dispatched} longer ago than the threshold has its job fetched, and a
 *       finished job is recorded (origin {@code reconcile}) through the same job-to-row code as a
 *       webhook: the webhook may never come;
 *   <li>an entry with no outcome, in the ledger longer ago than the threshold, whose task Cloud
 *       Tasks no longer has (GetTask answers NOT_FOUND), will never report: it is lost. The caller
 *       re-drives it as its next generation, or with {@code --no-redrive} it is recorded {@code
 *       lost}.
 * </ul>
 *
 * The threshold keeps the pass away from entries still on their way (a task being created, a job
 * still processing). Each pass looks at no more than {@link #MAX_PER_PASS} of each kind, so a huge
 * backlog is worked off over several passes instead of holding it all.
 */
public final class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  static final int MAX_PER_PASS = 100_000;

  private final BatchStore store;
  private final ResultsStore results;
  private final CloudTasksClient tasks;
  private final Supplier<IttybitClient> ittybit;
  private final Clock clock;

  public Reconciler(
      BatchStore store,
      ResultsStore results,
      CloudTasksClient tasks,
      Supplier<IttybitClient> ittybit,
      Clock clock) {
    this.store = store;
    this.results = results;
    this.tasks = tasks;
    this.ittybit = ittybit;
    this.clock = clock;
  }

  /** A pending entry the ledger knows, with the task its newest generation should have. */
  record Pending(EntryId entryId, int generation, String taskName) {}

  /**
   * What one pass found and did.
   *
   * @param lost entries with no outcome and no task: to re-drive, or recorded lost
   */
  public record Findings(
      BatchState state,
      long jobsChecked,
      long jobsRecorded,
      long jobsStillRunning,
      long jobsUnknown,
      long jobsUnreadable,
      long pendingChecked,
      long pendingInQueue,
      Set<EntryId> lost,
      long lostRecorded,
      String pendingHeld) {

    public String describe() {
      String jobs =
          String.format(
              "dispatched long ago: %d checked, %d recorded from their job, %d still running, %d"
                  + " unknown to Ittybit, %d could not be fetched; ",
              jobsChecked, jobsRecorded, jobsStillRunning, jobsUnknown, jobsUnreadable);
      if (pendingHeld != null) {
        return jobs + "pending: not checked, the batch is " + pendingHeld;
      }
      return jobs
          + String.format(
              "pending long ago: %d checked, %d still in the queue, %d lost%s",
              pendingChecked,
              pendingInQueue,
              lost.size(),
              lostRecorded > 0 ? " (recorded lost)" : "");
    }
  }

  /**
   * @param pendingHeld why the batch's pending entries are left alone (it is paused or cancelled:
   *     their tasks were deleted on purpose, so they are neither lost nor re-driven), or null
   */
  public Findings reconcile(
      BatchId batchId, Duration olderThan, boolean recordLost, String pendingHeld)
      throws InterruptedException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(olderThan);
    BatchState state = new BatchState();
    List<String> oldJobs = new ArrayList<>();
    List<Pending> oldPending = new ArrayList<>();
    store.streamState(
        batchId.value(),
        row -> {
          // With its enqueued_at: a lost entry is re-driven with it while its key is alive.
          state.put(row);
          if (row.status() == ResultStatus.DISPATCHED
              && row.jobId() != null
              && before(row.statusAt(), cutoff)
              && oldJobs.size() < MAX_PER_PASS) {
            oldJobs.add(row.jobId());
          } else if (row.pending()
              && pendingHeld == null
              && row.taskName() != null
              && before(row.ledgerAt(), cutoff)
              && oldPending.size() < MAX_PER_PASS) {
            oldPending.add(new Pending(row.entryId(), row.generation(), row.taskName()));
          }
        });
    JobSettler.Counts jobs =
        oldJobs.isEmpty()
            ? new JobSettler.Counts(0, 0, 0, 0)
            : new JobSettler(new JobLookup(ittybit.get(), clock), results)
                .settle(batchId, oldJobs, now);
    long inQueue = 0;
    Set<EntryId> lost = new HashSet<>();
    List<ResultRow> lostRows = new ArrayList<>();
    for (Pending pending : oldPending) {
      if (taskExists(pending.taskName())) {
        inQueue++;
        continue;
      }
      lost.add(pending.entryId());
      if (recordLost) {
        lostRows.add(
            ResultRow.fromVerdict(
                new EntryVerdict(
                    new EntryIdentity(batchId, pending.entryId()),
                    pending.generation(),
                    ResultStatus.LOST,
                    "task_gone",
                    "no outcome, and Cloud Tasks no longer has task "
                        + pending.taskName()
                        + "; re-drive with --retry=lost",
                    ResultRow.ORIGIN_RECONCILE,
                    now),
                now));
      }
    }
    write(lostRows);
    Findings findings =
        new Findings(
            state,
            oldJobs.size(),
            jobs.recorded(),
            jobs.running(),
            jobs.unknown(),
            jobs.unreadable(),
            oldPending.size(),
            inQueue,
            lost,
            lostRows.size(),
            pendingHeld);
    log.info("reconciled batch {}: {}", batchId, findings.describe());
    return findings;
  }

  private boolean taskExists(String taskName) {
    try {
      tasks.getTask(taskName);
      return true;
    } catch (NotFoundException gone) {
      return false;
    }
  }

  private void write(List<ResultRow> rows) {
    if (!rows.isEmpty()) {
      results.record(List.copyOf(rows));
    }
  }

  private static boolean before(Instant time, Instant cutoff) {
    return time != null && time.isBefore(cutoff);
  }
}
