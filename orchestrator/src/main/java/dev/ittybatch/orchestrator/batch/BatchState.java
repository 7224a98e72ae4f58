package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.results.ResultStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the store knows of each entry of a batch, held compactly enough for a million entries in a
 * small heap: an open-addressing table keyed by the entry id's 128 bits, with the newest generation
 * and that generation's status (none while pending): 30 bytes a slot at most half full, about 92 MB
 * for 1M entries at the worst point of growth, where a {@code HashMap} of strings would take
 * several times that.
 */
public final class BatchState {

  /** Status code for "no outcome yet" (the entry is in the ledger, or unknown). */
  private static final byte PENDING = 0;

  private static final ResultStatus[] STATUSES = ResultStatus.values();

  private long[] high = new long[1024];
  private long[] low = new long[1024];
  private int[] generation = new int[1024];
  private long[] enqueuedAt = new long[1024];
  private byte[] status = new byte[1024];
  private boolean[] used = new boolean[1024];
  private int size;
  private final Map<ResultStatus, Long> counts = new EnumMap<>(ResultStatus.class);
  private long pending;

  /**
   * One entry's state: its newest generation, that generation's status if it has one, and the
   * instant its ledger row says that generation was enqueued for (epoch seconds, 0 if unknown).
   */
  public record Entry(int generation, Optional<ResultStatus> status, long enqueuedAt) {}

  /** Reads {@code sql/queries/batch_state.sql} for a batch, one row at a time. */
  public static BatchState load(BatchStore store, String batchId) {
    BatchState state = new BatchState();
    store.streamState(batchId, state::put);
    return state;
  }

  /** Keeps one row of {@code sql/queries/batch_state.sql}. */
  public void put(StateRow row) {
    put(
        row.entryId(),
        row.generation(),
        row.status(),
        row.enqueuedAt() == null ? 0 : row.enqueuedAt().getEpochSecond());
  }

  public void put(EntryId entryId, int entryGeneration, ResultStatus entryStatus) {
    put(entryId, entryGeneration, entryStatus, 0);
  }

  public void put(
      EntryId entryId, int entryGeneration, ResultStatus entryStatus, long entryEnqueuedAt) {
    if ((size + 1) * 2 > used.length) {
      grow();
    }
    long h = Long.parseUnsignedLong(entryId.value().substring(0, 16), 16);
    long l = Long.parseUnsignedLong(entryId.value().substring(16, 32), 16);
    int slot = slot(h, l, used, high, low);
    if (!used[slot]) {
      used[slot] = true;
      high[slot] = h;
      low[slot] = l;
      size++;
    } else {
      count(status[slot], -1);
    }
    generation[slot] = entryGeneration;
    enqueuedAt[slot] = entryEnqueuedAt;
    status[slot] = entryStatus == null ? PENDING : (byte) (entryStatus.ordinal() + 1);
    count(status[slot], 1);
  }

  /** What is known of an entry, or empty when the batch has never seen it. */
  public Optional<Entry> get(EntryId entryId) {
    long h = Long.parseUnsignedLong(entryId.value().substring(0, 16), 16);
    long l = Long.parseUnsignedLong(entryId.value().substring(16, 32), 16);
    int slot = slot(h, l, used, high, low);
    if (!used[slot]) {
      return Optional.empty();
    }
    byte code = status[slot];
    return Optional.of(
        new Entry(
            generation[slot],
            code == PENDING ? Optional.empty() : Optional.of(STATUSES[code - 1]),
            enqueuedAt[slot]));
  }

  public int size() {
    return size;
  }

  /** Entries by their newest generation's status; pending ones are {@link #pending()}. */
  public Map<ResultStatus, Long> counts() {
    return Map.copyOf(counts);
  }

  public long pending() {
    return pending;
  }

  private void count(byte code, int delta) {
    if (code == PENDING) {
      pending += delta;
    } else {
      counts.merge(STATUSES[code - 1], (long) delta, Long::sum);
    }
  }

  private static int slot(long h, long l, boolean[] used, long[] high, long[] low) {
    int mask = used.length - 1;
    int slot = (int) (mix(h ^ l) & mask);
    while (used[slot] && (high[slot] != h || low[slot] != l)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }

  private void grow() {
    int capacity = used.length * 2;
    long[] newHigh = new long[capacity];
    long[] newLow = new long[capacity];
    int[] newGeneration = new int[capacity];
    long[] newEnqueuedAt = new long[capacity];
    byte[] newStatus = new byte[capacity];
    boolean[] newUsed = new boolean[capacity];
    for (int i = 0; i < used.length; i++) {
      if (used[i]) {
        int slot = slot(high[i], low[i], newUsed, newHigh, newLow);
        newUsed[slot] = true;
        newHigh[slot] = high[i];
        newLow[slot] = low[i];
        newGeneration[slot] = generation[i];
        newEnqueuedAt[slot] = enqueuedAt[i];
        newStatus[slot] = status[i];
      }
    }
    high = newHigh;
    low = newLow;
    generation = newGeneration;
    enqueuedAt = newEnqueuedAt;
    status = newStatus;
    used = newUsed;
  }

  @Override
  public String toString() {
    return "BatchState[" + size + " entries, " + pending + " pending, " + counts + "]";
  }
}
