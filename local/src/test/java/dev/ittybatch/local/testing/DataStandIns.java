package dev.ittybatch.local.testing;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.gcp.BigQueryClients;
import dev.ittybatch.common.gcp.GoogleCloudProperties;
import dev.ittybatch.common.gcp.StorageClients;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.bigquery.BigQuerySettings;
import dev.ittybatch.local.bigquery.BigQueryStandIn;
import dev.ittybatch.local.bigquery.CloudStorageSource;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.latest.LatestTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Cloud Storage and BigQuery stand-ins of a benchmark or test that needs the data path as
 * deployed and nothing else: the manifest bucket and the dataset (its tables and view, the view
 * accelerated as run-local has it) made as {@code deploy.sh setup} makes them, and the real clients
 * pointed at them as an account.
 */
public final class DataStandIns implements AutoCloseable {

  public static final String PROJECT = "local";
  public static final String DATASET = "ittybatch";
  public static final String LOCATION = "EU";
  public static final String MANIFESTS = "local-manifests";
  public static final String OPERATOR = "operator@example.com";
  public static final String ORCHESTRATOR = "ittybatch-orchestrator@local.iam.gserviceaccount.com";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
  private final AtomicInteger files = new AtomicInteger();

  public final CallLog calls = CallLog.allowingAll();
  public final StorageStandIn storage;
  public final BigQueryStandIn bigQuery;

  public DataStandIns(Path dir) throws Exception {
    storage =
        new StorageStandIn(
            StorageStandIn.Settings.of(
                    SigningKeys.shared().getPublic(), SigningKeys.ACCOUNT, Clock.systemUTC())
                .withCalls(calls));
    bigQuery =
        new BigQueryStandIn(
            BigQuerySettings.of(dir.resolve("bigquery.duckdb"), PROJECT)
                .withCalls(calls)
                .withStorage(CloudStorageSource.of(storage)));
    bigQuery.accelerate(
        TableId.of(PROJECT, DATASET, "task_results_latest"),
        new LatestTable(DATASET, "ittybatch_accelerated"));
    storage.createBucket(MANIFESTS, LOCATION);
    BigQuery operator = bigQuery(OPERATOR);
    operator.create(DatasetInfo.newBuilder(PROJECT, DATASET).setLocation(LOCATION).build());
    for (String file :
        List.of(
            "bigquery/02_task_results.sql",
            "bigquery/03_batch_ledger.sql",
            "bigquery/04_batch_events.sql",
            "queries/task_results_latest.sql")) {
      operator.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
    }
  }

  public GoogleCloudProperties as(String identity) {
    return new GoogleCloudProperties(
        PROJECT, LOCATION, bigQuery.baseUrl(), storage.baseUrl(), null, null, identity);
  }

  public BigQuery bigQuery(String identity) {
    return BigQueryClients.create(as(identity));
  }

  public Storage storage(String identity) {
    return StorageClients.options(as(identity)).build().getService();
  }

  /** The data half of a component's environment, pointed here, calling as {@code identity}. */
  public Map<String, String> environment(String identity) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("GCP_PROJECT", PROJECT);
    environment.put("BIGQUERY_DATASET", DATASET);
    environment.put("BIGQUERY_LOCATION", LOCATION);
    environment.put("LEDGER_LOCATION", "gs://" + MANIFESTS + "/ittybatch-ledger/");
    environment.put("BIGQUERY_EMULATOR_HOST", bigQuery.baseUrl());
    environment.put("STORAGE_EMULATOR_HOST", storage.baseUrl());
    environment.put("EMULATOR_IDENTITY", identity);
    return environment;
  }

  /**
   * Rows of the ledger ({@code batch_entries}, {@code batch_runs}) as the orchestrator writes them:
   * an NDJSON file in the manifest bucket, loaded by a load job.
   */
  public void load(String table, List<?> rows) throws Exception {
    StringBuilder ndjson = new StringBuilder();
    for (Object row : rows) {
      ObjectNode node = JSON.valueToTree(row);
      for (String field : List.of("enqueued_at", "recorded_at", "started_at", "finished_at")) {
        if (node.hasNonNull(field)) {
          node.put(field, TIMESTAMP.format(Instant.parse(node.get(field).asString())));
        }
      }
      ndjson.append(JSON.writeValueAsString(node)).append('\n');
    }
    String object = "ittybatch-ledger/seed-" + files.incrementAndGet() + "-" + table + ".ndjson";
    storage(ORCHESTRATOR)
        .create(
            BlobInfo.newBuilder(MANIFESTS, object).build(),
            ndjson.toString().getBytes(StandardCharsets.UTF_8));
    Job job =
        bigQuery(ORCHESTRATOR)
            .create(
                JobInfo.of(
                    LoadJobConfiguration.newBuilder(
                            TableId.of(PROJECT, DATASET, table),
                            "gs://" + MANIFESTS + "/" + object,
                            FormatOptions.json())
                        .build()))
            .waitFor();
    if (job.getStatus().getError() != null) {
      throw new IllegalStateException("loading " + table + ": " + job.getStatus().getError());
    }
  }

  @Override
  public void close() {
    bigQuery.close();
    storage.close();
  }
}
