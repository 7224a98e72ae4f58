package dev.ittybatch.local.run;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.sql.SqlScripts;
import java.util.List;

/**
 * What {@code deploy.sh setup} does before it deploys, done against the stand-ins with the
 * operator's identity and the real clients: the manifest bucket in the dataset's location, the
 * queue with its settings, the dataset in its location, the tables of {@code sql/bigquery} and the
 * view. (The accounts and their keys are the cloud's; the secrets, the run's.)
 */
final class LocalSetup {

  /** The files setup applies, in its order ({@code bq query < sql/...}). */
  static final List<String> SQL =
      List.of(
          "bigquery/02_task_results.sql",
          "bigquery/03_batch_ledger.sql",
          "bigquery/04_batch_events.sql",
          "bigquery/05_job_id.sql",
          "queries/task_results_latest.sql");

  private LocalSetup() {}

  static void run(LocalCloud cloud, PipelineSettings settings) throws InterruptedException {
    // BigQuery loads the ledger from the manifest bucket, which must be in the dataset's location.
    cloud.storage.createBucket(LocalPipeline.MANIFEST_BUCKET, LocalCloud.LOCATION);
    try (CloudTasksClient tasks = cloud.cloudTasks(LocalAccounts.OPERATOR)) {
      LocalQueue.create(tasks, LocalPipeline.QUEUE_PATH, settings);
    }
    BigQuery bigQuery = cloud.bigQuery(LocalAccounts.OPERATOR);
    try {
      bigQuery.create(
          DatasetInfo.newBuilder(LocalPipeline.PROJECT, LocalCloud.DATASET)
              .setLocation(LocalCloud.LOCATION)
              .build());
    } catch (BigQueryException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    for (String file : SQL) {
      bigQuery.query(
          QueryJobConfiguration.newBuilder(SqlScripts.read(file)).setUseLegacySql(false).build());
    }
  }
}
