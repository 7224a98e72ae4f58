package dev.ittybatch.local.bigquery;

import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.iam.AccessPolicy;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.testing.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Both stand-ins for a test, sharing one call log, and the real clients pointed at them the way the
 * services will be locally: the host swapped, no credentials, and a bearer token naming the caller.
 */
final class StandIns implements AutoCloseable {

  static final String PROJECT = "local-project";
  static final String ORCHESTRATOR = "ittybatch-orchestrator@local-project.iam.gserviceaccount.com";
  static final String WEBHOOK = "ittybatch-webhook@local-project.iam.gserviceaccount.com";

  final CallLog calls;
  final StorageStandIn storage;
  final BigQueryStandIn bigQuery;

  StandIns(Path dir) throws Exception {
    this(dir, AccessPolicy.allowAll(), settings -> settings);
  }

  StandIns(Path dir, AccessPolicy policy, UnaryOperator<BigQuerySettings> knobs) throws Exception {
    this.calls = new CallLog(policy);
    this.storage =
        new StorageStandIn(
            StorageStandIn.Settings.of(
                    SigningKeys.shared().getPublic(), SigningKeys.ACCOUNT, Clock.systemUTC())
                .withCalls(calls));
    this.bigQuery =
        new BigQueryStandIn(
            knobs.apply(
                BigQuerySettings.of(dir.resolve("bigquery.duckdb"), PROJECT)
                    .withCalls(calls)
                    .withStorage(CloudStorageSource.of(storage))));
  }

  BigQuery bigQuery(String identity) {
    return BigQueryOptions.newBuilder()
        .setProjectId(PROJECT)
        .setHost(bigQuery.baseUrl())
        .setCredentials(NoCredentials.getInstance())
        .setHeaderProvider(FixedHeaderProvider.create("Authorization", "Bearer " + identity))
        .build()
        .getService();
  }

  BigQuery anonymousBigQuery() {
    return BigQueryOptions.newBuilder()
        .setProjectId(PROJECT)
        .setHost(bigQuery.baseUrl())
        .setCredentials(NoCredentials.getInstance())
        .build()
        .getService();
  }

  Storage storage(String identity) {
    return StorageOptions.http()
        .setProjectId(PROJECT)
        .setHost(storage.baseUrl())
        .setCredentials(NoCredentials.getInstance())
        .setHeaderProvider(FixedHeaderProvider.create("Authorization", "Bearer " + identity))
        .build()
        .getService();
  }

  @Override
  public void close() {
    bigQuery.close();
    storage.close();
  }
}
