package dev.ittybatch.local.run;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;

/** The local queue, set up through the real client with the settings deploy/ gives the real one. */
final class LocalQueue {

  private LocalQueue() {}

  /**
   * Creates or updates the queue through the real client, as deploy/ does with gcloud: the
   * task-handler gives up {@link LocalPipeline#ATTEMPTS_MARGIN} attempts before the queue does.
   */
  static void create(CloudTasksClient client, String queuePath, PipelineSettings settings) {
    Queue queue =
        Queue.newBuilder()
            .setName(queuePath)
            .setRateLimits(
                RateLimits.newBuilder()
                    .setMaxDispatchesPerSecond(settings.rate())
                    .setMaxConcurrentDispatches(settings.maxConcurrentDispatches()))
            .setRetryConfig(
                RetryConfig.newBuilder()
                    .setMaxAttempts(settings.maxAttempts() + LocalPipeline.ATTEMPTS_MARGIN)
                    .setMinBackoff(Durations.fromMillis(settings.minBackoff().toMillis()))
                    .setMaxBackoff(Durations.fromMillis(settings.maxBackoff().toMillis()))
                    .setMaxDoublings(4))
            .build();
    client.updateQueue(
        queue, FieldMask.newBuilder().addPaths("rate_limits").addPaths("retry_config").build());
    // A teardown pauses the queue rather than deleting it; setup sets it going again.
    client.resumeQueue(queuePath);
  }
}
