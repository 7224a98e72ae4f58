package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.results.ResultStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for each manifest entry, whether this run creates a task for it and as which generation.
 * The one place the rules of re-running live:
 *
 * <ul>
 *   <li>a plain run enqueues entries the batch has never seen (generation 0), enqueues again the
 *       pending ones at their own generation (same task name and idempotency key, so nothing is
 *       made twice), and skips every entry that has an outcome, {@code dispatched} included: a
 *       re-run next week creates no job twice;
 *   <li>a re-drive ({@code --retry=...}, or reconciliation's for lost entries) enqueues the chosen
 *       entries as their next generation, with a new task name and key, and skips the rest.
 * </ul>
 */
public final class EntryPlan {

  /** Not enqueued by this run. */
  public static final int SKIP = -1;

  private final BatchState state;
  private final Set<ResultStatus> redrive;
  private final Set<EntryId> chosen;
  private final Map<ResultStatus, Long> skipped = new EnumMap<>(ResultStatus.class);

  private EntryPlan(BatchState state, Set<ResultStatus> redrive, Set<EntryId> chosen) {
    this.state = state;
    this.redrive = redrive;
    this.chosen = chosen;
  }

  public static EntryPlan firstOrRepeatRun(BatchState state) {
    return new EntryPlan(state, null, null);
  }

  /** Re-drives entries whose newest generation ended in one of {@code statuses}. */
  public static EntryPlan retry(BatchState state, Set<ResultStatus> statuses) {
    return new EntryPlan(state, Set.copyOf(statuses), null);
  }

  /** Re-drives exactly these entries (reconciliation's lost ones). */
  public static EntryPlan redrive(BatchState state, Set<EntryId> entries) {
    return new EntryPlan(state, null, Set.copyOf(entries));
  }

  /**
   * @return the generation to enqueue, or {@link #SKIP}
   */
  public int generationFor(EntryId entryId) {
    Optional<BatchState.Entry> known = state.get(entryId);
    if (chosen != null) {
      return chosen.contains(entryId) ? known.map(e -> e.generation() + 1).orElse(0) : SKIP;
    }
    if (redrive != null) {
      Optional<ResultStatus> status = known.flatMap(BatchState.Entry::status);
      if (status.isPresent() && redrive.contains(status.get())) {
        return known.get().generation() + 1;
      }
      return skip(status.orElse(null));
    }
    if (known.isEmpty()) {
      return 0;
    }
    if (known.get().status().isEmpty()) {
      return known.get().generation();
    }
    return skip(known.get().status().get());
  }

  /**
   * The instant a pending entry enqueued again must carry: the one its ledger row recorded, so the
   * task handler signs the same URL and sends the same body under the same idempotency key (a new
   * instant would make Ittybit answer "same key, different body"). Empty for anything else.
   */
  public Optional<java.time.Instant> enqueuedAtFor(EntryId entryId, int generation) {
    return state
        .get(entryId)
        .filter(known -> known.status().isEmpty() && known.generation() == generation)
        .filter(known -> known.enqueuedAt() > 0)
        .map(known -> java.time.Instant.ofEpochSecond(known.enqueuedAt()));
  }

  private int skip(ResultStatus status) {
    if (status != null) {
      skipped.merge(status, 1L, Long::sum);
    }
    return SKIP;
  }

  /** Entries skipped so far, by the status that made them skip (pending ones not counted). */
  public Map<ResultStatus, Long> skipped() {
    return Map.copyOf(skipped);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }
}
