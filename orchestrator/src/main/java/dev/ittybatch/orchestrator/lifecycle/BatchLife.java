package dev.ittybatch.orchestrator.lifecycle;

import dev.ittybatch.orchestrator.batch.BatchQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a batch stands in its life, from its events ({@code sql/queries/batch_life.sql}). A pause
 * or a cancel ends only with a resume of the batch itself; a breaker's stop with any resume, the
 * whole queue's included. Each event is null when it does not hold now.
 *
 * @param startedAt when its first run began (null for a batch the ledger does not know)
 * @param lastRunAt when its latest run last wrote
 * @param pause the pause in force
 * @param cancel the cancel in force
 * @param breaker the breaker's stop in force
 * @param doneNotice the done notice, once posted
 * @param stuckNotice the latest stuck notice; its detail names the spell (when the batch last
 *     moved, epoch seconds)
 * @param lastAction the latest pause, resume, cancel or breaker trip: the batch moving by hand
 */
public record BatchLife(
    Instant startedAt,
    Instant lastRunAt,
    Event pause,
    Event cancel,
    Event breaker,
    Event doneNotice,
    Event stuckNotice,
    Instant lastAction) {

  /** One event: when, why (for a person), and what a program compares. */
  public record Event(Instant at, String reason, String detail) {}

  public static BatchLife read(BatchQueries store, String batchId) {
    List<Map<String, Object>> rows = new ArrayList<>();
    store.stream("batch_life", batchId, rows::add);
    return of(rows);
  }

  /** From the rows of {@code batch_life.sql}: the latest of each kind, per batch or whole queue. */
  public static BatchLife of(List<Map<String, Object>> rows) {
    Latest latest = new Latest(rows.stream().map(LifeRow::read).toList());
    Instant lastAction =
        latest(
            at(latest.of("paused", false)),
            at(latest.of("cancelled", false)),
            at(latest.of("breaker_tripped", false)),
            at(latest.of("resumed", false)),
            at(latest.of("resumed", true)));
    return new BatchLife(
        at(latest.of("batch_started", false)),
        at(latest.of("last_run", false)),
        latest.inForce("paused"),
        latest.inForce("cancelled"),
        latest.inForce("breaker_tripped"),
        latest.of("done_notified", false),
        latest.of("stuck_notified", false),
        lastAction);
  }

  public boolean paused() {
    return pause != null;
  }

  public boolean cancelled() {
    return cancel != null;
  }

  public boolean stoppedByBreaker() {
    return breaker != null;
  }

  /** Paused or cancelled: nothing of it is re-driven or enqueued until it is resumed. */
  public boolean held() {
    return paused() || cancelled();
  }

  /** The last time the batch moved by a run or by hand; null if it never did. */
  Instant lastMovedByHand() {
    return latest(lastRunAt, lastAction, startedAt);
  }

  /**
   * When the batch last moved: its latest outcome (as a query row carries it), a run, or a hand on
   * it, whichever came last; null if none did.
   */
  public Instant lastMoved(Instant lastOutcomeAt) {
    return latest(lastOutcomeAt, lastMovedByHand());
  }

  /** What holds the batch, for a person; null when nothing does. */
  public String holdReason() {
    if (cancelled()) {
      return "cancelled at " + NoticeTexts.time(cancel.at());
    }
    if (paused()) {
      return "paused since " + NoticeTexts.time(pause.at());
    }
    return null;
  }

  private static Instant at(Event event) {
    return event == null ? null : event.at();
  }

  static Instant latest(Instant... times) {
    return Stream.of(times).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
  }

  /** The rows by kind and whole-queue flag. */
  private record Latest(List<LifeRow> rows) {

    /** The batch's own event of this kind, when the query says it holds now. */
    Event inForce(String kind) {
      LifeRow row = row(kind, false);
      return row != null && row.inForce() ? of(kind, false) : null;
    }

    private LifeRow row(String kind, boolean wholeQueue) {
      for (LifeRow row : rows) {
        if (kind.equals(row.kind()) && wholeQueue == row.wholeQueue()) {
          return row;
        }
      }
      return null;
    }

    Event of(String kind, boolean wholeQueue) {
      LifeRow row = row(kind, wholeQueue);
      return row == null || row.occurredAt() == null
          ? null
          : new Event(row.occurredAt(), row.reason(), row.detail());
    }
  }
}
