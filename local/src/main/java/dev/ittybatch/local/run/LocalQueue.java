package dev.ittybatch.local.run;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import dev.ittybatch.local.cloudtasks.CloudTasksEmulator;
import java.io.IOException;

/** The local queue, set up through the real client with the settings deploy/ gives the real one. */
final class LocalQueue {

  private LocalQueue() {}

  /** Creates the queue through the real client, as deploy/ does with gcloud. */
  static void create(CloudTasksEmulator cloudTasks, String queuePath, PipelineSettings settings)
      throws IOException {
    try (CloudTasksClient client = cloudTasks.client()) {
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
    }
  }
}
