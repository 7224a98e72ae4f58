package dev.ittybatch.common.gcp;

import com.google.api.gax.grpc.ChannelPoolSettings;
import com.google.cloud.tasks.v2.CloudTasksSettings;

/**
 * The settings every Cloud Tasks client of a component is made with (the orchestrator's, which
 * enqueues, and the task-handler's breaker, which pauses): Google's endpoint, or {@code
 * CLOUD_TASKS_EMULATOR_HOST}.
 */
public final class CloudTasksConnection {

  private final GoogleCloudProperties google;

  public CloudTasksConnection(GoogleCloudProperties google) {
    this.google = google;
  }

  /**
   * @param channels gRPC channels in the pool: Google's front ends take about 100 concurrent calls
   *     per connection
   */
  public CloudTasksSettings settings(int channels) {
    return GrpcClients.grpc(
        CloudTasksSettings.newBuilder(),
        CloudTasksSettings.defaultGrpcTransportProviderBuilder()
            .setChannelPoolSettings(ChannelPoolSettings.staticallySized(channels)),
        google.cloudTasksEmulatorHost(),
        google);
  }
}
