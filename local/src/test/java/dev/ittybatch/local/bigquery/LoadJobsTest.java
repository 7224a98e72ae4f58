package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.iam.Call;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load jobs of ledger files from the storage stand-in, as the orchestrator makes them. */
class LoadJobsTest {

  @TempDir Path dir;
  StandIns standIns;
  BigQuery bigQuery;
  Storage storage;

  @BeforeEach
  void start() throws Exception {
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    storage = standIns.storage(StandIns.ORCHESTRATOR);
    standIns.storage.createBucket("ledger-us", "US-CENTRAL1");
    for (String file : List.of("bigquery/01_dataset.sql", "bigquery/03_batch_ledger.sql")) {
      bigQuery.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
    }
  }

  @AfterEach
  void stop() {
    standIns.close();
  }

  String upload(String bucket, String name, byte[] content) {
    storage.create(
        BlobInfo.newBuilder(bucket, name).setContentType("application/x-ndjson").build(),
        content,
        Storage.BlobTargetOption.doesNotExist());
    return "gs://" + bucket + "/" + name;
  }

  /**
   * The load the orchestrator's ledger makes: NDJSON, WRITE_APPEND, CREATE_NEVER, no unknown
   * values.
   */
  static LoadJobConfiguration ledgerLoad(TableId table, String uri) {
    return LoadJobConfiguration.newBuilder(table, uri, FormatOptions.json())
        .setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
        .setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
        .setIgnoreUnknownValues(false)
        .build();
  }

  /**
   * How a load ended. google-cloud-bigquery 2.59.0's waitFor throws for a failed job (Job.reload
   * turns status.errors into a BigQueryException); the job itself still says why.
   */
  BigQueryError outcome(Job job) throws Exception {
    try {
      job.waitFor();
    } catch (BigQueryException e) {
      BigQueryError error = bigQuery.getJob(job.getJobId()).getStatus().getError();
      assertThat(e.getMessage()).isEqualTo(error.getMessage());
    }
    return bigQuery.getJob(job.getJobId()).getStatus().getError();
  }

  long count(String table) throws Exception {
    return bigQuery
        .query(QueryJobConfiguration.newBuilder("SELECT COUNT(*) FROM ittybatch." + table).build())
        .getValues()
        .iterator()
        .next()
        .get(0)
        .getLongValue();
  }

  @Test
  void aLedgerFileLoadsAndARepeatedJobIdReturnsTheJobWithoutLoadingTwice() throws Exception {
    String uri =
        upload(
            "ledger-us",
            "ledger/lib/run-0-00001-batch_entries.ndjson",
            Fixture.ndjson(Fixture.ledger()));
    JobId id = JobId.of("ittybatch_ledger_0123456789abcdef");
    TableId entries = TableId.of(StandIns.PROJECT, "ittybatch", "batch_entries");
    Job done = bigQuery.create(JobInfo.of(id, ledgerLoad(entries, uri))).waitFor();
    assertThat(done.getStatus().getError()).isNull();
    assertThat(((JobStatistics.LoadStatistics) done.getStatistics()).getOutputRows()).isEqualTo(12);
    Job again = bigQuery.create(JobInfo.of(id, ledgerLoad(entries, uri)));
    assertThat(again.getJobId().getJob()).isEqualTo(id.getJob());
    assertThat(count("batch_entries")).isEqualTo(12);
    Map<String, Object> redrive =
        Rows.of(
                bigQuery.query(
                    QueryJobConfiguration.newBuilder(
                            "SELECT * FROM ittybatch.batch_entries WHERE generation = 1")
                        .build()))
            .get(0);
    assertThat(redrive)
        .containsEntry("entry_id", Fixture.entryId(3))
        .containsEntry("recorded_at", Fixture.T0.plusSeconds(50))
        .containsEntry("enqueued_at", Fixture.T0.minusSeconds(60))
        .containsEntry("line", 3L);
    assertThat(standIns.calls.calls())
        .filteredOn(call -> call.method().equals("storage.objects.get"))
        .extracting(Call::identity, Call::resource)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                StandIns.ORCHESTRATOR,
                "projects/_/buckets/ledger-us/objects/ledger/lib/run-0-00001-batch_entries.ndjson"));
  }

  @Test
  void anUnknownFieldOrABadValueFailsTheJobWithItsErrorsAndLoadsNothing() throws Exception {
    String good =
        new String(Fixture.ndjson(List.of(Fixture.entry(1, 0, 0))), StandardCharsets.UTF_8);
    String file =
        good
            + "{\"batch_id\":\"b\",\"entry_id\":\"e\",\"generation\":0,\"recorded_at\":\"2026-01-01 00:00:00+00:00\",\"colour\":\"red\"}\n"
            + "{\"batch_id\":\"b\",\"entry_id\":\"e\",\"generation\":\"zero\",\"recorded_at\":\"2026-01-01 00:00:00+00:00\"}\n";
    String uri = upload("ledger-us", "bad.ndjson", file.getBytes(StandardCharsets.UTF_8));
    Job job =
        bigQuery.create(JobInfo.of(ledgerLoad(TableId.of("ittybatch", "batch_entries"), uri)));
    BigQueryError error = outcome(job);
    Job done = bigQuery.getJob(job.getJobId());
    assertThat(error.getReason()).isEqualTo("invalid");
    assertThat(error.getLocation()).isEqualTo(uri);
    assertThat(error.getMessage())
        .contains("JSON table encountered too many errors, giving up. Rows: 3; errors: 2.");
    assertThat(done.getStatus().getExecutionErrors())
        .extracting(BigQueryError::getMessage)
        .anySatisfy(m -> assertThat(m).endsWith("No such field: colour."))
        .anySatisfy(
            m -> assertThat(m).contains("Cannot convert value to integer (bad value): zero"));
    assertThat(count("batch_entries")).isZero();
  }

  @Test
  void maxBadRecordsLetsTheGoodRowsIn() throws Exception {
    String file =
        new String(Fixture.ndjson(List.of(Fixture.entry(1, 0, 0))), StandardCharsets.UTF_8)
            + "{not json\n";
    String uri = upload("ledger-us", "one-bad.ndjson", file.getBytes(StandardCharsets.UTF_8));
    Job done =
        bigQuery
            .create(
                JobInfo.of(
                    ledgerLoad(TableId.of("ittybatch", "batch_entries"), uri).toBuilder()
                        .setMaxBadRecords(1)
                        .build()))
            .waitFor();
    assertThat(done.getStatus().getError()).isNull();
    assertThat(((JobStatistics.LoadStatistics) done.getStatistics()).getBadRecords()).isEqualTo(1);
    assertThat(count("batch_entries")).isEqualTo(1);
  }

  @Test
  void createNeverOnAMissingTableAndTheDefaultCsvFormatFail() throws Exception {
    String uri = upload("ledger-us", "runs.ndjson", Fixture.ndjson(Fixture.runs()));
    assertThat(
            outcome(
                    bigQuery.create(
                        JobInfo.of(ledgerLoad(TableId.of("ittybatch", "batch_runz"), uri))))
                .getReason())
        .isEqualTo("notFound");
    assertThat(
            outcome(
                    bigQuery.create(
                        JobInfo.of(
                            LoadJobConfiguration.of(TableId.of("ittybatch", "batch_runs"), uri))))
                .getMessage())
        .contains("sourceFormat is CSV");
    assertThat(
            outcome(
                bigQuery.create(
                    JobInfo.of(ledgerLoad(TableId.of("ittybatch", "batch_runs"), uri)))))
        .isNull();
    assertThat(count("batch_runs")).isEqualTo(4);
  }

  @Test
  void aDatasetOutsideTheUsLoadsOnlyFromABucketInItsLocation() throws Exception {
    bigQuery.create(DatasetInfo.newBuilder("eu").setLocation("EU").build());
    bigQuery.create(DatasetInfo.newBuilder("belgium").setLocation("europe-west1").build());
    for (String dataset : List.of("eu", "belgium")) {
      bigQuery.query(
          QueryJobConfiguration.newBuilder(
                  SqlScripts.read("bigquery/03_batch_ledger.sql")
                      .replace("ittybatch.", dataset + "."))
              .build());
    }
    standIns.storage.createBucket("ledger-eu", "EU");
    standIns.storage.createBucket("ledger-belgium", "EUROPE-WEST1");
    standIns.storage.createBucket("ledger-london", "EUROPE-WEST2");
    byte[] runs = Fixture.ndjson(Fixture.runs());
    Map<String, String> outcomes = new java.util.LinkedHashMap<>();
    for (String dataset : List.of("eu", "belgium", "ittybatch")) {
      for (String bucket : List.of("ledger-us", "ledger-eu", "ledger-belgium", "ledger-london")) {
        String uri = upload(bucket, dataset + "/runs.ndjson", runs);
        BigQueryError error =
            outcome(
                bigQuery.create(JobInfo.of(ledgerLoad(TableId.of(dataset, "batch_runs"), uri))));
        outcomes.put(dataset + " from " + bucket, error == null ? "loaded" : error.getMessage());
      }
    }
    assertThat(outcomes)
        .containsEntry("eu from ledger-eu", "loaded")
        .containsEntry("eu from ledger-belgium", "loaded")
        .containsEntry(
            "eu from ledger-us",
            "Cannot read and write in different locations: source: US-CENTRAL1, destination: EU")
        .containsEntry(
            "eu from ledger-london",
            "Cannot read and write in different locations: source: EUROPE-WEST2, destination: EU")
        .containsEntry("belgium from ledger-belgium", "loaded")
        .containsEntry(
            "belgium from ledger-eu",
            "Cannot read and write in different locations: source: EU, destination: europe-west1")
        .containsEntry("ittybatch from ledger-london", "loaded")
        .containsEntry("ittybatch from ledger-eu", "loaded");
  }
}
