package dev.ittybatch.local.run;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.Storage;
import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.gcp.BigQueryClients;
import dev.ittybatch.common.gcp.CloudTasksConnection;
import dev.ittybatch.common.gcp.GoogleCloudProperties;
import dev.ittybatch.common.gcp.StorageClients;
import dev.ittybatch.local.bigquery.BigQuerySettings;
import dev.ittybatch.local.bigquery.BigQueryStandIn;
import dev.ittybatch.local.bigquery.CloudStorageSource;
import dev.ittybatch.local.cloudtasks.CloudTasksEmulator;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iamcredentials.IamCredentialsStandIn;
import dev.ittybatch.local.iamcredentials.ServiceAccountKeys;
import dev.ittybatch.local.latest.LatestTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where Google's APIs would be: the Cloud Tasks emulator and the Cloud Storage, BigQuery and IAM
 * Credentials stand-ins, sharing one call log (every call allowed and recorded, with the account
 * that made it), and the real clients pointed at them as an account.
 */
final class LocalCloud implements AutoCloseable {

  /** The dataset's location: the example deployment's, which the manifest bucket shares. */
  static final String LOCATION = "EU";

  static final String DATASET = "ittybatch";

  final CallLog calls;
  final String project;
  final String location;
  final ServiceAccountKeys keys = new ServiceAccountKeys();
  final CloudTasksEmulator cloudTasks;
  final StorageStandIn storage;
  final BigQueryStandIn bigQuery;
  final IamCredentialsStandIn iam;
  private final Started started = new Started();

  /**
   * @param database the BigQuery stand-in's DuckDB file
   */
  LocalCloud(PipelineSettings settings, Path database) throws IOException {
    this(
        settings,
        database,
        new Project(
            LocalPipeline.PROJECT,
            LOCATION,
            List.of(
                LocalAccounts.ORCHESTRATOR,
                LocalAccounts.TASK_HANDLER,
                LocalAccounts.WEBHOOK,
                LocalAccounts.INVOKER),
            LocalAccounts.TASK_HANDLER),
        CallLog.allowingAll());
  }

  /**
   * The project the stand-ins play.
   *
   * @param id its id
   * @param location the dataset's location
   * @param accounts the service accounts setup creates, each given the key IAM keeps for it
   * @param signer the account whose key signs the URLs the storage stand-in checks
   */
  record Project(String id, String location, List<String> accounts, String signer) {}

  /**
   * @param calls where every call is checked and recorded: a policy made of grants refuses as
   *     Google's IAM would
   */
  LocalCloud(PipelineSettings settings, Path database, Project project, CallLog calls)
      throws IOException {
    this.calls = calls;
    this.project = project.id();
    this.location = project.location();
    try {
      for (String account : project.accounts()) {
        keys.create(account);
      }
      cloudTasks =
          new CloudTasksEmulator(
              settings.timeScale(), settings.taskNameTombstone(), settings.frontDoorFailures());
      started.add(cloudTasks);
      // Signed URLs are checked against the key of the account that signs them, the task-handler's.
      storage =
          new StorageStandIn(
              StorageStandIn.Settings.of(
                      keys.publicKey(project.signer()), project.signer(), Clock.systemUTC())
                  .withCalls(calls));
      started.add(storage);
      if (settings.mediaDir() != null) {
        storage.serveFolder(LocalPipeline.MEDIA_BUCKET, settings.mediaDir());
      }
      bigQuery =
          new BigQueryStandIn(
              BigQuerySettings.of(database, project.id())
                  .withCalls(calls)
                  .withStorage(CloudStorageSource.of(storage)));
      started.add(bigQuery);
      // The progress line and the status page read the view every second or so: only what is new
      // is ranked (latest/LatestTable).
      bigQuery.accelerate(
          TableId.of(project.id(), DATASET, "task_results_latest"),
          new LatestTable(DATASET, "ittybatch_accelerated"));
      iam = new IamCredentialsStandIn(project.id(), keys, calls);
      started.add(iam);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * What a component is given besides the deployment's environment: the emulator endpoints, and the
   * account its calls name to them.
   */
  Map<String, String> endpoints(String identity) {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("BIGQUERY_EMULATOR_HOST", bigQuery.baseUrl());
    endpoints.put("STORAGE_EMULATOR_HOST", storage.baseUrl());
    endpoints.put("CLOUD_TASKS_EMULATOR_HOST", cloudTasks.target());
    endpoints.put("IAM_CREDENTIALS_EMULATOR_HOST", iam.target());
    endpoints.put("EMULATOR_IDENTITY", identity);
    return endpoints;
  }

  /** The settings every Google client is made from here, calling as {@code identity}. */
  GoogleCloudProperties as(String identity) {
    return new GoogleCloudProperties(
        project,
        location,
        bigQuery.baseUrl(),
        storage.baseUrl(),
        cloudTasks.target(),
        iam.target(),
        identity);
  }

  BigQuery bigQuery(String identity) {
    return BigQueryClients.create(as(identity));
  }

  Storage storage(String identity) {
    return StorageClients.options(as(identity)).build().getService();
  }

  CloudTasksClient cloudTasks(String identity) {
    try {
      return CloudTasksClient.create(new CloudTasksConnection(as(identity)).settings(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a Cloud Tasks client: " + e.getMessage(), e);
    }
  }

  /** Stops every stand-in, last started first. */
  @Override
  public void close() {
    started.close();
  }
}
