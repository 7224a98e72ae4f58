package dev.ittybatch.local.cloudtasks;

import java.time.Duration;

/**
 * Cloud Tasks' retry curve: {@code min_backoff} doubles {@code max_doublings} times, then grows
 * linearly by the last doubled interval, capped at {@code max_backoff}. The documented example (10
 * s, 300 s, 3 doublings) gives 10, 20, 40, 80, 160, 240, 300, 300 ...
 */
record Backoff(Duration min, Duration max, int maxDoublings) {

  /** The wait before retry {@code n} (1 for the first retry). */
  Duration before(int n) {
    long minMillis = min.toMillis();
    int doublings = Math.min(n - 1, Math.min(maxDoublings, 30));
    long millis;
    if (n - 1 <= maxDoublings) {
      millis = minMillis << doublings;
    } else {
      long step = minMillis << Math.min(maxDoublings, 30);
      millis = step * (n - maxDoublings);
    }
    return Duration.ofMillis(Math.min(Math.max(millis, 0), max.toMillis()));
  }
}
