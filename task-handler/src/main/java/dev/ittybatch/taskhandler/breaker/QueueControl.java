package dev.ittybatch.taskhandler.breaker;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.QueueName;
import dev.ittybatch.common.gcp.CloudTasksConnection;
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

  private final CloudTasksConnection connection;
  private CloudTasksClient client;

  QueueControl(CloudTasksConnection connection) {
    this.connection = connection;
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
      client = CloudTasksClient.create(connection.settings(1));
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
