package dev.ittybatch.local.cloudtasks;

/**
 * A token bucket of one token: dispatches are spaced at least {@code 1/rate} apart, so no window of
 * a second ever holds more than {@code rate + 1} of them.
 */
final class RateLimiter {

  private final long intervalNanos;
  private long next = System.nanoTime();

  RateLimiter(double perSecond) {
    this.intervalNanos = (long) (1_000_000_000L / perSecond);
  }

  /**
   * Blocks until the next dispatch may go.
   *
   * @return the moment it was allowed, read while holding the limiter: a moment read after
   *     returning can come later than the next dispatch's, when the thread waits for a core in
   *     between, and a count of such moments then finds more than {@code rate + 1} in a second
   */
  synchronized long acquire() throws InterruptedException {
    long now = System.nanoTime();
    if (next > now) {
      long wait = next - now;
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      now = next;
    }
    next = Math.max(next, now) + intervalNanos;
    return System.nanoTime();
  }
}
