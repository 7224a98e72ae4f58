package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.results.ResultStatus;
import java.time.Instant;
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
   * What this run does with an entry.
   *
   * @param generation the generation to enqueue, or {@link #SKIP}
   * @param enqueuedAt for a pending entry enqueued again, the instant its ledger row recorded: the
   *     task handler then signs the same URL and sends the same body under the same idempotency key
   *     (a new instant would make Ittybit answer "same key, different body"); else empty, and the
   *     run's own instant is used
   */
  public record Planned(int generation, Optional<Instant> enqueuedAt) {

    public boolean skipped() {
      return generation == SKIP;
    }
  }

  private static final Planned SKIPPED = new Planned(SKIP, Optional.empty());

  /** One lookup per entry: the manifest pass calls this for every line of a large batch. */
  public Planned plan(EntryId entryId) {
    Optional<BatchState.Entry> known = state.get(entryId);
    if (chosen != null) {
      return chosen.contains(entryId) ? next(known) : SKIPPED;
    }
    if (redrive != null) {
      Optional<ResultStatus> status = known.flatMap(BatchState.Entry::status);
      if (status.isPresent() && redrive.contains(status.get())) {
        return next(known);
      }
      return skip(status.orElse(null));
    }
    if (known.isEmpty()) {
      return new Planned(0, Optional.empty());
    }
    BatchState.Entry entry = known.get();
    if (entry.status().isEmpty()) {
      return new Planned(
          entry.generation(),
          entry.enqueuedAt() > 0
              ? Optional.of(Instant.ofEpochSecond(entry.enqueuedAt()))
              : Optional.empty());
    }
    return skip(entry.status().get());
  }

  private static Planned next(Optional<BatchState.Entry> known) {
    return new Planned(known.map(e -> e.generation() + 1).orElse(0), Optional.empty());
  }

  private Planned skip(ResultStatus status) {
    if (status != null) {
      skipped.merge(status, 1L, Long::sum);
    }
    return SKIPPED;
  }

  /** Entries skipped so far, by the status that made them skip (pending ones not counted). */
  public Map<ResultStatus, Long> skipped() {
    return Map.copyOf(skipped);
  }
}
