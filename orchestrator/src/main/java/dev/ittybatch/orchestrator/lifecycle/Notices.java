package dev.ittybatch.orchestrator.lifecycle;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.batch.Progress;
import dev.ittybatch.orchestrator.reconcile.Reconciler;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reconciliation pass says once it is over. A batch with no entry pending or dispatched (by
 * the ledger) is done: its summary is posted once, recorded as {@code done_notified}, and then its
 * schedule is ended. A batch with entries waiting that has not moved for {@code NOTIFY_STUCK_AFTER}
 * gets a stuck notice, one per spell (a spell is named by when the batch last moved). Which of
 * several passes posts is settled by {@link NoticeClaims}; a post that fails is tried again by a
 * later pass, and the schedule stays until the done notice has gone out.
 */
public final class Notices {

  private static final Logger log = LoggerFactory.getLogger(Notices.class);

  private final BatchStore store;
  private final EventLog events;
  private final Notifier notifier;
  private final ScheduleEnd schedule;
  private final Duration stuckAfter;
  private final Clock clock;

  Notices(
      BatchStore store,
      EventLog events,
      Notifier notifier,
      ScheduleEnd schedule,
      Duration stuckAfter,
      Clock clock) {
    this.store = store;
    this.events = events;
    this.notifier = notifier;
    this.schedule = schedule;
    this.stuckAfter = stuckAfter;
    this.clock = clock;
  }

  /** How long a batch with entries waiting may not move before it counts as stuck. */
  public Duration stuckAfter() {
    return stuckAfter;
  }

  /**
   * @param life the batch's life as the pass began
   * @param found what the pass found
   */
  public void afterPass(
      BatchId batchId, BatchLife life, Reconciler.Findings found, PrintStream out) {
    if (!notifier.on() && !schedule.active()) {
      return;
    }
    Progress progress = store.progress(batchId.value());
    long total = progress.total();
    long waiting = progress.waiting();
    if (total == 0) {
      return;
    }
    if (waiting == 0) {
      done(batchId, life, progress, out);
    } else {
      stuck(batchId, life, progress, found, out);
    }
  }

  private void done(BatchId batchId, BatchLife life, Progress progress, PrintStream out) {
    boolean announced = !notifier.on() || life.doneNotice() != null;
    if (!announced) {
      Instant now = clock.instant();
      if (!NoticeClaims.take(store, batchId.value(), "done", now)) {
        out.println("Batch " + batchId + " is done; another pass is posting its notice.");
        return;
      }
      String text = NoticeTexts.done(batchId.value(), progress, life, manifest(batchId));
      if (!notifier.post(text)) {
        out.println("Batch " + batchId + " is done; its notice could not be posted yet.");
        return;
      }
      events.append(
          BatchEvent.of(
              BatchEvent.Kind.DONE_NOTIFIED,
              batchId.value(),
              "done notice posted: " + NoticeTexts.counts(progress),
              null,
              BatchControl.ORIGIN,
              now,
              "done"));
      log.info("batch {} is done: its notice is posted", batchId);
      out.println("Batch " + batchId + " is done: notice posted.");
    }
    out.println("Batch " + batchId + " is done: " + schedule.end(batchId) + ".");
  }

  private void stuck(
      BatchId batchId,
      BatchLife life,
      Progress progress,
      Reconciler.Findings found,
      PrintStream out) {
    Instant now = clock.instant();
    Instant lastMoved = life.lastMoved(progress.lastAt());
    if (!notifier.on() || lastMoved == null || lastMoved.plus(stuckAfter).isAfter(now)) {
      return;
    }
    String spell = String.valueOf(lastMoved.getEpochSecond());
    if (life.stuckNotice() != null && spell.equals(life.stuckNotice().detail())) {
      return;
    }
    if (!NoticeClaims.take(store, batchId.value(), "stuck-" + spell, now)) {
      return;
    }
    String text = NoticeTexts.stuck(batchId.value(), progress, life, lastMoved, now, found);
    if (!notifier.post(text)) {
      return;
    }
    events.append(
        BatchEvent.of(
            BatchEvent.Kind.STUCK_NOTIFIED,
            batchId.value(),
            "stuck notice posted: no movement since " + NoticeTexts.time(lastMoved),
            spell,
            BatchControl.ORIGIN,
            now,
            spell));
    log.warn("batch {} has not moved since {}: stuck notice posted", batchId, lastMoved);
    out.println(
        "Batch "
            + batchId
            + " has not moved since "
            + NoticeTexts.time(lastMoved)
            + ": notice posted.");
  }

  /** The manifest of the batch's latest enqueue run, from the ledger; null if none. */
  private String manifest(BatchId batchId) {
    return store.manifestUri(batchId.value());
  }
}
