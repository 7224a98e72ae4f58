package dev.ittybatch.local.run;

import com.google.cloud.bigquery.TableId;
import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.BigQueryEventLog;
import dev.ittybatch.common.gcp.GoogleCloudAutoConfiguration;
import java.time.Instant;

/**
 * What {@code deploy.sh resume} does, with the operator's credentials: the queue set going again,
 * and the resume recorded in {@code batch_events}.
 */
final class LocalResume {

  private LocalResume() {}

  /**
   * @param batchId the batch the resume is for, or null for the whole queue
   */
  static void run(LocalCloud cloud, String batchId) {
    try (CloudTasksClient tasks = cloud.cloudTasks(LocalAccounts.OPERATOR)) {
      tasks.resumeQueue(LocalPipeline.QUEUE_PATH);
    }
    new BigQueryEventLog(
            cloud.bigQuery(LocalAccounts.OPERATOR),
            TableId.of(
                LocalPipeline.PROJECT,
                LocalCloud.DATASET,
                GoogleCloudAutoConfiguration.EVENTS_TABLE))
        .append(
            BatchEvent.of(
                BatchEvent.Kind.RESUMED,
                batchId,
                "queue " + LocalPipeline.QUEUE + " resumed",
                LocalPipeline.QUEUE_PATH,
                "run-local",
                Instant.now(),
                Instant.now().toString()));
  }
}
