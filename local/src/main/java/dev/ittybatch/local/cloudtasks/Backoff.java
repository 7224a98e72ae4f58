package dev.ittybatch.local.cloudtasks;

import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.util.Durations;
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

  /** The queue's curve, from its retry settings. */
  static Backoff of(RetryConfig retry) {
    return new Backoff(
        Duration.ofMillis(Durations.toMillis(retry.getMinBackoff())),
        Duration.ofMillis(Durations.toMillis(retry.getMaxBackoff())),
        retry.getMaxDoublings());
  }

  /**
   * The wait after failed attempt {@code n}: the curve's, or a longer {@code Retry-After} that came
   * with a 429 or 503.
   */
  Duration after(int n, int status, String retryAfter) {
    Duration wait = before(n);
    if ((status == 429 || status == 503) && retryAfter != null) {
      try {
        Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        wait = asked.compareTo(wait) > 0 ? asked : wait;
      } catch (NumberFormatException httpDate) {
        // An HTTP-date Retry-After is rare; the curve's wait stands.
      }
    }
    return wait;
  }
}
