package dev.ittybatch.local.cloudtasks;

import java.util.Arrays;

/**
 * Moments something happened (a dispatch sent, a request arriving), kept to tell the most that
 * happened within any one second. Recording is an append under a lock; the sort happens only when
 * someone asks.
 */
public final class Timeline {

  private long[] nanos = new long[1024];
  private int size;

  public synchronized void record(long atNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = atNanos;
  }

  public synchronized int count() {
    return size;
  }

  /**
   * The mean rate from the first moment to the last, per second: how fast a run actually went,
   * where {@link #peakRate} tells its best stretch. 0 with fewer than two moments.
   */
  public double meanRate() {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int count;
    synchronized (this) {
      count = size;
      for (int i = 0; i < size; i++) {
        first = Math.min(first, nanos[i]);
        last = Math.max(last, nanos[i]);
      }
    }
    return count < 2 || last == first ? 0 : (count - 1) / ((last - first) / 1e9);
  }

  /** The most moments within any window of one second (half-open, so exact spacing counts once). */
  public int peakInAnySecond() {
    return peakIn(1_000_000_000L);
  }

  /** The highest rate per second over any window of {@code seconds} seconds. */
  public double peakRate(int seconds) {
    return peakIn(seconds * 1_000_000_000L) / (double) seconds;
  }

  private int peakIn(long windowNanos) {
    long[] times;
    synchronized (this) {
      times = Arrays.copyOf(nanos, size);
    }
    Arrays.sort(times);
    int peak = 0;
    int start = 0;
    for (int end = 0; end < times.length; end++) {
      while (times[end] - times[start] >= windowNanos) {
        start++;
      }
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  }
}
