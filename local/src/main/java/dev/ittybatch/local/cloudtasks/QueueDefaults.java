package dev.ittybatch.local.cloudtasks;

import com.google.cloud.tasks.v2.Queue;
import com.google.protobuf.util.Durations;

/** Cloud Tasks' documented defaults for the rate and retry settings a queue leaves unset. */
final class QueueDefaults {

  private QueueDefaults() {}

  static Queue filled(Queue requested) {
    Queue.Builder queue = requested.toBuilder();
    var rates = queue.getRateLimitsBuilder();
    if (rates.getMaxDispatchesPerSecond() <= 0) {
      rates.setMaxDispatchesPerSecond(500);
    }
    if (rates.getMaxConcurrentDispatches() <= 0) {
      rates.setMaxConcurrentDispatches(1000);
    }
    var retry = queue.getRetryConfigBuilder();
    if (retry.getMaxAttempts() == 0) {
      retry.setMaxAttempts(100);
    }
    if (!retry.hasMinBackoff()) {
      retry.setMinBackoff(Durations.fromMillis(100));
    }
    if (!retry.hasMaxBackoff()) {
      retry.setMaxBackoff(Durations.fromSeconds(3600));
    }
    if (retry.getMaxDoublings() == 0) {
      retry.setMaxDoublings(16);
    }
    return queue.build();
  }
}
