package dev.ittybatch.taskhandler.breaker;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per batch, when refusals are the account's and not the entries': the first {@code N}
 * answers of a batch were all the same refusal and none was a job, or {@code share} of the last
 * {@code window} answers were. Only Ittybit's answers count (a job, or a permanent refusal);
 * transient ones (429, 5xx, no answer) say nothing either way.
 *
 * <p>This is one instance's view: Cloud Run runs several task-handler instances and each sees part
 * of a batch's traffic, so each trips on its own evidence. The pause is shared (it is the queue's),
 * so the first instance to trip stops the dispatches of all; until then each instance may record up
 * to {@code N - 1} entries as rejected, and the tasks already in flight on others are judged by
 * those instances' breakers. Once tripped for a refusal, an instance holds every entry refused that
 * way until it sees a job made in the batch: then the cause is gone, and what is still refused is
 * judged afresh.
 */
final class Breaker {

  /** What to do with a refused entry. */
  enum Verdict {
    /** Not (yet) account-wide: the entry's own refusal, recorded as such. */
    PASS,
    /** This refusal just tripped the breaker: stop the batch, keep the entry. */
    TRIP,
    /** Tripped already for this refusal: keep the entry. */
    HOLD
  }

  private static final int BATCHES_REMEMBERED = 1000;

  private final int firstEntries;
  private final int window;
  private final int tripCount;
  private final Map<String, BatchWindow> batches =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BatchWindow> eldest) {
          return size() > BATCHES_REMEMBERED;
        }
      };

  /**
   * @param firstEntries N: the first answers of a batch that trip it when all the same refusal; 0
   *     turns the breaker off
   * @param window how many recent answers the share is taken over
   * @param share the part of a full window one refusal must be to trip it
   */
  Breaker(int firstEntries, int window, double share) {
    this.firstEntries = firstEntries;
    this.window = window;
    this.tripCount = (int) Math.ceil(share * window);
  }

  private static final class BatchWindow {
    boolean jobMade;
    final ArrayDeque<Refusal> recent = new ArrayDeque<>();
    final Set<Refusal> tripped = new HashSet<>();

    int count(Refusal refusal) {
      int count = 0;
      for (Refusal seen : recent) {
        if (refusal.equals(seen)) {
          count++;
        }
      }
      return count;
    }
  }

  synchronized Verdict refused(String batchId, Refusal refusal) {
    if (firstEntries <= 0) {
      return Verdict.PASS;
    }
    BatchWindow batch = batches.computeIfAbsent(batchId, b -> new BatchWindow());
    if (batch.tripped.contains(refusal)) {
      return Verdict.HOLD;
    }
    remember(batch, refusal);
    int count = batch.count(refusal);
    boolean firstAllRefused = !batch.jobMade && count >= firstEntries;
    boolean mostOfTheWindow = batch.recent.size() >= window && count >= tripCount;
    if (firstAllRefused || mostOfTheWindow) {
      batch.tripped.add(refusal);
      batch.recent.clear();
      return Verdict.TRIP;
    }
    return Verdict.PASS;
  }

  /** Ittybit made a job for an entry of the batch: whatever tripped it is fixed. */
  synchronized void jobMade(String batchId) {
    if (firstEntries <= 0) {
      return;
    }
    BatchWindow batch = batches.computeIfAbsent(batchId, b -> new BatchWindow());
    batch.jobMade = true;
    batch.tripped.clear();
    remember(batch, null);
  }

  private void remember(BatchWindow batch, Refusal answer) {
    // A null stands for a job made: it fills the window without counting for any refusal.
    batch.recent.addLast(answer == null ? NO_REFUSAL : answer);
    while (batch.recent.size() > window) {
      batch.recent.removeFirst();
    }
  }

  private static final Refusal NO_REFUSAL = new Refusal(0, "job made");
}
