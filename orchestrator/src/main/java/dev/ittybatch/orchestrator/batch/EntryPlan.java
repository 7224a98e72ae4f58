package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.results.ResultStatus;
import java.time.Duration;
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
 *   <li>a re-drive ({@code --retry=...}) enqueues the chosen entries as their next generation, with
 *       a new task name and key, and skips the rest;
 *   <li>reconciliation's re-drive of a lost entry (no outcome, no task) keeps its generation, its
 *       idempotency key and its request bytes (the same {@code enqueued_at}, so the same signed
 *       URL) under a new task name while Ittybit still remembers the key: if an attempt made a job
 *       and its answer, row and webhook were all lost, the re-drive gets that job back as a replay
 *       instead of making a second. Past the key's window it is the next generation;
 *   <li>a resume of a paused batch sends every entry with no outcome again the same way (its task
 *       was deleted by the pause), and enqueues what the ledger has never seen (a run the pause
 *       stopped) as new.
 * </ul>
 */
public final class EntryPlan {

  /** Not enqueued by this run. */
  public static final int SKIP = -1;

  /**
   * How long after an entry's task was enqueued its idempotency key is surely still Ittybit's:
   * Ittybit keeps a key about 24 h from its first use, which comes at or after the enqueue; the
   * hour left is for the re-driven task to reach Ittybit through the queue.
   */
  public static final Duration KEY_WINDOW = Duration.ofHours(23);

  private final BatchState state;
  private final Set<ResultStatus> redrive;
  private final Set<EntryId> chosen;
  private final Instant now;
  private final boolean resume;
  private final Map<ResultStatus, Long> skipped = new EnumMap<>(ResultStatus.class);

  private EntryPlan(
      BatchState state,
      Set<ResultStatus> redrive,
      Set<EntryId> chosen,
      Instant now,
      boolean resume) {
    this.state = state;
    this.redrive = redrive;
    this.chosen = chosen;
    this.now = now;
    this.resume = resume;
  }

  public static EntryPlan firstOrRepeatRun(BatchState state) {
    return new EntryPlan(state, null, null, null, false);
  }

  /** Re-drives entries whose newest generation ended in one of {@code statuses}. */
  public static EntryPlan retry(BatchState state, Set<ResultStatus> statuses) {
    return new EntryPlan(state, Set.copyOf(statuses), null, null, false);
  }

  /**
   * Re-drives exactly these entries: reconciliation's lost ones, each under its own key while it
   * lasts ({@link #KEY_WINDOW} from its task's enqueue, judged at {@code now}).
   */
  public static EntryPlan redrive(BatchState state, Set<EntryId> entries, Instant now) {
    return new EntryPlan(state, null, Set.copyOf(entries), now, false);
  }

  /**
   * A paused batch resumed: each entry with no outcome under its own key while it lasts (its task
   * was deleted; an attempt in flight then may have made its job, which the key gets back), and an
   * entry the ledger has never seen as new. Entries with an outcome are skipped.
   */
  public static EntryPlan resume(BatchState state, Instant now) {
    return new EntryPlan(state, null, null, now, true);
  }

  /**
   * What this run does with an entry.
   *
   * @param generation the generation to enqueue, or {@link #SKIP}
   * @param enqueuedAt for a pending entry enqueued again, the instant its ledger row recorded: the
   *     task handler then signs the same URL and sends the same body under the same idempotency key
   *     (a new instant would make Ittybit answer "same key, different body"); else empty, and the
   *     run's own instant is used
   * @param taskSuffix for a lost entry re-driven under its own key, what makes its task's name new
   *     (the lost task's name may still be taken); else null
   */
  public record Planned(int generation, Optional<Instant> enqueuedAt, String taskSuffix) {

    Planned(int generation, Optional<Instant> enqueuedAt) {
      this(generation, enqueuedAt, null);
    }

    public boolean skipped() {
      return generation == SKIP;
    }
  }

  private static final Planned SKIPPED = new Planned(SKIP, Optional.empty());

  /** One lookup per entry: the manifest pass calls this for every line of a large batch. */
  public Planned plan(EntryId entryId) {
    Optional<BatchState.Entry> known = state.get(entryId);
    if (chosen != null) {
      return chosen.contains(entryId) ? sameKeyOrNext(known) : SKIPPED;
    }
    if (resume && known.isPresent() && known.get().status().isEmpty()) {
      return sameKeyOrNext(known);
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

  private Planned sameKeyOrNext(Optional<BatchState.Entry> known) {
    if (known.isPresent() && known.get().status().isEmpty() && known.get().enqueuedAt() > 0) {
      Instant enqueued = Instant.ofEpochSecond(known.get().enqueuedAt());
      if (now.isBefore(enqueued.plus(KEY_WINDOW))) {
        return new Planned(
            known.get().generation(), Optional.of(enqueued), "r" + now.getEpochSecond());
      }
    }
    return next(known);
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
