package dev.ittybatch.orchestrator.lifecycle;

import dev.ittybatch.orchestrator.batch.BatchStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Which of several passes posts a notice. A pass may post only after taking two claims, the one of
 * the window before its own and its own window's ({@link #WINDOW}), in that order, stopping at the
 * first it cannot take. Each claim is taken once ({@link BatchStore#claim}), so two passes that
 * post took disjoint pairs: their windows are two apart, the second poster at least a whole window
 * after the first, whose post and record have had that long. When a post fails (the target refused,
 * the pass died), a pass two windows on or later posts again: the next scheduled one, 15 minutes
 * on. What this cannot prevent: a post that reached the receiver while its record did not get
 * written within a window (a pass that died right after posting); then a later pass posts again.
 */
final class NoticeClaims {

  /** Shorter than the schedule's 15 minutes, so a failed post is tried again by the next pass. */
  static final Duration WINDOW = Duration.ofMinutes(5);

  private NoticeClaims() {}

  /**
   * @param notice what is claimed: {@code done}, or {@code stuck-<spell>}
   * @return whether this caller may post
   */
  static boolean take(BatchStore store, String batchId, String notice, Instant now) {
    long window = now.getEpochSecond() / WINDOW.getSeconds();
    return store.claim(batchId, notice + "-w" + (window - 1))
        && store.claim(batchId, notice + "-w" + window);
  }
}
