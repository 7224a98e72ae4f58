package dev.ittybatch.taskhandler.breaker;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.QueueName;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a queue through the Cloud Tasks API (PauseQueue: the queue keeps its tasks and takes new
 * ones, and dispatches nothing until resumed). The client is made on the first pause, not at start:
 * a task handler that never trips never needs it, nor the credentials it asks for.
 */
final class QueueControl implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueueControl.class);

  private final BreakerProperties properties;
  private CloudTasksClient client;
  private final boolean owned;

  /**
   * @param given a client to use (a local run's, on the emulator), or null to make one
   */
  QueueControl(BreakerProperties properties, CloudTasksClient given) {
    this.properties = properties;
    this.client = given;
    this.owned = given == null;
  }

  /**
   * @return whether the queue is paused now
   */
  synchronized boolean pause(QueueName queue) {
    try {
      client().pauseQueue(queue);
      return true;
    } catch (PermissionDeniedException e) {
      log.error(
          "cannot pause queue {}: grant the task-handler's service account"
              + " cloudtasks.queues.pause on it (roles/cloudtasks.queueAdmin): {}",
          queue,
          e.getMessage());
    } catch (ApiException | IOException e) {
      log.error("cannot pause queue {}: {}", queue, e.getMessage());
    }
    return false;
  }

  private CloudTasksClient client() throws IOException {
    if (client == null) {
      CloudTasksSettings.Builder settings = CloudTasksSettings.newBuilder();
      String emulator = properties.cloudTasksEmulatorHost();
      if (emulator != null && !emulator.isBlank()) {
        settings
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(emulator)
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build());
      }
      client = CloudTasksClient.create(settings.build());
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (owned && client != null) {
      client.close();
    }
  }
}
