package dev.ittybatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.BigQueryEventLog;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.DispatchAttempt;
import dev.ittybatch.common.results.DispatchOutcome;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.bigquery.BigQuerySettings;
import dev.ittybatch.local.bigquery.BigQueryStandIn;
import dev.ittybatch.local.bigquery.CloudStorageSource;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.testing.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator's production ledger against the stand-ins, as it will run locally: its NDJSON
 * files written to Cloud Storage with ifGenerationMatch=0, loaded by load jobs whose ids derive
 * from the file, read back by query jobs. A retried run that writes the same file finds the 412 and
 * the 409 and loads nothing twice.
 */
class BigQueryBatchStoreOnStandInsTest {

  static final String PROJECT = "local-project";
  static final String ORCHESTRATOR = "ittybatch-orchestrator@local-project.iam.gserviceaccount.com";
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00.250Z");

  @TempDir Path dir;

  static EntryIdentity id(int entry) {
    return new EntryIdentity(new BatchId("lib"), new EntryId(String.format("%032x", entry)));
  }

  static LedgerEntry entry(int entry) {
    return new LedgerEntry(
        "lib",
        id(entry).entryId().value(),
        entry,
        "gs://media/" + entry + ".mov",
        "video",
        0,
        "projects/p/locations/l/queues/q/tasks/" + id(entry).taskId(),
        T0,
        "exec-1-0",
        T0);
  }

  @Test
  void aRunsLedgerLoadsOnceAndReadsBackThroughQueryJobs() throws Exception {
    CallLog calls = CallLog.allowingAll();
    try (StorageStandIn storageStandIn =
            new StorageStandIn(
                StorageStandIn.Settings.of(
                        SigningKeys.shared().getPublic(), SigningKeys.ACCOUNT, Clock.systemUTC())
                    .withCalls(calls));
        BigQueryStandIn bigQueryStandIn =
            new BigQueryStandIn(
                BigQuerySettings.of(dir.resolve("bq.duckdb"), PROJECT)
                    .withCalls(calls)
                    .withStorage(CloudStorageSource.of(storageStandIn)))) {
      storageStandIn.serveFolder("manifests", dir.resolve("manifests"), "EU");
      FixedHeaderProvider token =
          FixedHeaderProvider.create("Authorization", "Bearer " + ORCHESTRATOR);
      BigQuery bigQuery =
          BigQueryOptions.newBuilder()
              .setProjectId(PROJECT)
              .setHost(bigQueryStandIn.baseUrl())
              .setCredentials(NoCredentials.getInstance())
              .setHeaderProvider(token)
              .build()
              .getService();
      Storage storage =
          StorageOptions.http()
              .setProjectId(PROJECT)
              .setHost(storageStandIn.baseUrl())
              .setCredentials(NoCredentials.getInstance())
              .setHeaderProvider(token)
              .build()
              .getService();
      bigQuery.query(
          QueryJobConfiguration.newBuilder("CREATE SCHEMA ittybatch OPTIONS (location = 'EU')")
              .build());
      for (String file :
          List.of(
              "bigquery/02_task_results.sql",
              "bigquery/03_batch_ledger.sql",
              "bigquery/04_batch_events.sql",
              "queries/task_results_latest.sql")) {
        bigQuery.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
      }
      BigQueryResultsStore results =
          new BigQueryResultsStore(
              bigQuery,
              TableId.of(PROJECT, "ittybatch", "task_results"),
              500,
              Duration.ofMillis(2),
              Duration.ofSeconds(10));
      List<LedgerEntry> entries = List.of(entry(1), entry(2), entry(3));
      BatchRun run =
          new BatchRun(
              "lib",
              "exec-1-0",
              "enqueue",
              "gs://manifests/lib.jsonl",
              "1",
              3L,
              null,
              0L,
              0,
              1,
              null,
              null,
              T0,
              null);
      for (int attempt = 0; attempt < 2; attempt++) {
        // The same run twice, as a retried Cloud Run task writes the same files again.
        BigQueryBatchStore ledger =
            new BigQueryBatchStore(
                bigQuery,
                storage,
                DatasetId.of(PROJECT, "ittybatch"),
                "EU",
                GcsPath.parse("gs://manifests/ittybatch-ledger/"),
                "exec-1-0",
                JsonMapper.builder().build());
        ledger.recordRun(run);
        ledger.recordEntries(entries);
      }
      assertThat(
              bigQuery
                  .query(
                      QueryJobConfiguration.newBuilder(
                              "SELECT (SELECT COUNT(*) FROM ittybatch.batch_entries) * 10"
                                  + " + (SELECT COUNT(*) FROM ittybatch.batch_runs) AS n")
                          .build())
                  .getValues()
                  .iterator()
                  .next()
                  .get("n")
                  .getLongValue())
          .as("3 entries and 1 run, each loaded once")
          .isEqualTo(31);
      results.record(
          List.of(
              ResultRow.fromDispatch(
                  new DispatchAttempt(id(1), 0, 1, "video", "gs://media/1.mov"),
                  new DispatchOutcome(ResultStatus.DISPATCHED, "job_1", null, null),
                  T0.plusSeconds(1))));
      BigQueryBatchStore reader =
          new BigQueryBatchStore(
              bigQuery,
              storage,
              DatasetId.of(PROJECT, "ittybatch"),
              "EU",
              GcsPath.parse("gs://manifests/ittybatch-ledger/"),
              "exec-2-0",
              JsonMapper.builder().build());
      Map<String, Map<String, Object>> state = new HashMap<>();
      reader.stream(
          "batch_state",
          Map.of("batch_id", "lib"),
          row -> state.put((String) row.get("entry_id"), row));
      assertThat(state).hasSize(3);
      assertThat(state.get(id(1).entryId().value()))
          .containsEntry("status", "dispatched")
          .containsEntry("job_id", "job_1")
          .containsEntry("enqueued_at", T0);
      assertThat(state.get(id(2).entryId().value()))
          .containsEntry("status", null)
          .containsEntry("line", 2L);
      List<String> manifests = new ArrayList<>();
      reader.stream(
          "batch_manifest",
          Map.of("batch_id", "lib"),
          row -> manifests.add((String) row.get("manifest_uri")));
      assertThat(manifests).containsExactly("gs://manifests/lib.jsonl");
      assertThat(dir.resolve("manifests/ittybatch-ledger/lib/exec-1-0-00002-batch_entries.ndjson"))
          .isRegularFile();

      // A batch's life: its events stream in, and a claim is taken by one caller only.
      events(bigQuery)
          .append(
              BatchEvent.of(
                  BatchEvent.Kind.PAUSED,
                  "lib",
                  "paused by deploy/deploy.sh pause",
                  null,
                  "orchestrator",
                  T0.plusSeconds(5),
                  "pause"));
      List<Map<String, Object>> life = new ArrayList<>();
      reader.stream("batch_life", Map.of("batch_id", "lib"), life::add);
      assertThat(life)
          .extracting(row -> row.get("kind"))
          .containsExactly("batch_started", "last_run", "paused");
      assertThat(reader.claim("lib", "done-1")).isTrue();
      assertThat(reader.claim("lib", "done-1")).as("taken already").isFalse();
      assertThat(ledgerAgain(bigQuery, storage).claim("lib", "done-1"))
          .as("by another pass as well")
          .isFalse();
      assertThat(reader.claim("lib", "done-2")).isTrue();
      assertThat(dir.resolve("manifests/ittybatch-ledger/lib/claims/done-1")).isRegularFile();
      results.close();
      assertThat(calls.calls()).extracting(Call::identity).containsOnly(ORCHESTRATOR);
      assertThat(calls.refused()).isEmpty();
      assertThat(calls.calls())
          .extracting(Call::permission)
          .contains(
              "storage.objects.create",
              "bigquery.jobs.create",
              "bigquery.tables.updateData",
              "storage.objects.get",
              "bigquery.tables.getData");
    }
  }

  static BigQueryEventLog events(BigQuery bigQuery) {
    return new BigQueryEventLog(bigQuery, TableId.of(PROJECT, "ittybatch", "batch_events"));
  }

  static BigQueryBatchStore ledgerAgain(BigQuery bigQuery, Storage storage) {
    return new BigQueryBatchStore(
        bigQuery,
        storage,
        DatasetId.of(PROJECT, "ittybatch"),
        "EU",
        GcsPath.parse("gs://manifests/ittybatch-ledger/"),
        "exec-3-0",
        JsonMapper.builder().build());
  }
}
