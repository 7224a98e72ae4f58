package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.BlobInfo;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.iam.AccessPolicy;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.Resources;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call names its caller and each permission it needs (iam.md Table B); a policy that does not
 * grant one is answered 403 accessDenied, as BigQuery would answer it.
 */
class PermissionsTest {

  static final String ADMIN = "admin@local-project.iam.gserviceaccount.com";
  static final String DATASET = Resources.dataset(StandIns.PROJECT, "ittybatch");

  @TempDir Path dir;
  StandIns standIns;
  final Set<String> grants = new HashSet<>();

  /** A grant as "identity permission resource"; a grant on a resource covers what it holds. */
  boolean allows(String identity, String permission, String resource) {
    return identity.equals(ADMIN)
        || Resources.parents(resource).stream()
            .anyMatch(r -> grants.contains(identity + " " + permission + " " + r));
  }

  void grant(String identity, String permission, String resource) {
    grants.add(identity + " " + permission + " " + resource);
  }

  @BeforeEach
  void start() throws Exception {
    standIns = new StandIns(dir, (AccessPolicy) this::allows, settings -> settings);
    BigQuery admin = standIns.bigQuery(ADMIN);
    for (String file :
        List.of(
            "bigquery/01_dataset.sql",
            "bigquery/02_task_results.sql",
            "bigquery/03_batch_ledger.sql",
            "queries/task_results_latest.sql")) {
      admin.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
    }
    // The webhook-handler as the deploy would have it: dataEditor on the dataset, no job user.
    for (String permission :
        List.of(
            "bigquery.tables.updateData",
            "bigquery.tables.get",
            "bigquery.datasets.get",
            "bigquery.tables.getData")) {
      grant(StandIns.WEBHOOK, permission, DATASET);
    }
    grant(StandIns.ORCHESTRATOR, "bigquery.jobs.create", Resources.project(StandIns.PROJECT));
    grant(StandIns.ORCHESTRATOR, "bigquery.tables.getData", DATASET);
    grant(StandIns.ORCHESTRATOR, "bigquery.tables.updateData", DATASET);
  }

  @AfterEach
  void stop() {
    standIns.close();
  }

  List<Call> callsOf(String identity) {
    return standIns.calls.calls().stream()
        .filter(call -> call.identity().equals(identity))
        .toList();
  }

  @Test
  void insertAllNeedsThreePermissionsAndNoJobUser() {
    standIns
        .bigQuery(StandIns.WEBHOOK)
        .insertAll(
            InsertAllRequest.newBuilder(TableId.of("ittybatch", "task_results"))
                .addRow(
                    Map.of(
                        "event_id",
                        "e",
                        "status",
                        "succeeded",
                        "received_at",
                        "2026-01-01 00:00:00 UTC"))
                .build());
    assertThat(callsOf(StandIns.WEBHOOK))
        .extracting(Call::method, Call::permission, Call::resource, Call::allowed)
        .containsExactly(
            tuple(
                "bigquery.tabledata.insertAll",
                "bigquery.tables.updateData",
                DATASET + "/tables/task_results",
                true),
            tuple(
                "bigquery.tabledata.insertAll",
                "bigquery.tables.get",
                DATASET + "/tables/task_results",
                true),
            tuple("bigquery.tabledata.insertAll", "bigquery.datasets.get", DATASET, true));
  }

  @Test
  void aQueryWithoutJobsCreateIsRefused() {
    assertThatThrownBy(
            () ->
                standIns
                    .bigQuery(StandIns.WEBHOOK)
                    .query(QueryJobConfiguration.newBuilder("SELECT 1").build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getReason()).isEqualTo("accessDenied");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Access Denied: Project local-project: User does not have"
                          + " bigquery.jobs.create permission in project local-project.");
            });
    assertThat(standIns.calls.refused())
        .extracting(Call::permission)
        .containsExactly("bigquery.jobs.create");
  }

  @Test
  void readingAViewNeedsTheViewAndItsTables() throws Exception {
    BigQuery orchestrator = standIns.bigQuery(StandIns.ORCHESTRATOR);
    orchestrator.query(
        QueryJobConfiguration.newBuilder(SqlScripts.query("progress_summary"))
            .addNamedParameter(
                "batch_id", com.google.cloud.bigquery.QueryParameterValue.string("b"))
            .build());
    assertThat(callsOf(StandIns.ORCHESTRATOR))
        .filteredOn(call -> call.permission().equals("bigquery.tables.getData"))
        .extracting(Call::resource)
        .containsExactlyInAnyOrder(
            DATASET + "/tables/batch_entries",
            DATASET + "/tables/task_results_latest",
            DATASET + "/tables/task_results");
    grants.remove(StandIns.ORCHESTRATOR + " bigquery.tables.getData " + DATASET);
    grant(
        StandIns.ORCHESTRATOR, "bigquery.tables.getData", DATASET + "/tables/task_results_latest");
    assertThatThrownBy(
            () ->
                orchestrator.query(
                    QueryJobConfiguration.newBuilder(
                            "SELECT COUNT(*) FROM ittybatch.task_results_latest")
                        .build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Access Denied: Table local-project:ittybatch.task_results: Permission"
                            + " bigquery.tables.getData denied on table local-project:ittybatch.task_results (or it may not exist)."));
  }

  @Test
  void aJobAndItsRowsAreItsCreatorsAlone() throws Exception {
    BigQuery orchestrator = standIns.bigQuery(StandIns.ORCHESTRATOR);
    Job job =
        orchestrator.create(
            JobInfo.of(
                JobId.of("mine"),
                QueryJobConfiguration.newBuilder("SELECT COUNT(*) AS n FROM ittybatch.task_results")
                    .build()));
    assertThat(job.getQueryResults().getTotalRows()).isEqualTo(1);
    BigQuery webhook = standIns.bigQuery(StandIns.WEBHOOK);
    assertThatThrownBy(() -> webhook.getJob(JobId.of("mine")))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    TableId results =
        ((QueryJobConfiguration) orchestrator.getJob(JobId.of("mine")).getConfiguration())
            .getDestinationTable();
    assertThatThrownBy(() -> webhook.listTableData(results))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getReason()).isEqualTo("accessDenied"));
    assertThat(callsOf(StandIns.ORCHESTRATOR))
        .filteredOn(call -> call.method().equals("bigquery.jobs.get"))
        .allSatisfy(call -> assertThat(call.allowed()).isTrue());
  }

  @Test
  void aLoadReadsItsFileAsTheCaller() throws Exception {
    standIns.storage.createBucket("ledger", "US");
    standIns
        .storage(ADMIN)
        .create(
            BlobInfo.newBuilder("ledger", "runs.ndjson").build(), Fixture.ndjson(Fixture.runs()));
    Job job =
        standIns
            .bigQuery(StandIns.ORCHESTRATOR)
            .create(
                JobInfo.of(
                    LoadJobsTest.ledgerLoad(
                        TableId.of("ittybatch", "batch_runs"), "gs://ledger/runs.ndjson")));
    assertThatThrownBy(job::waitFor)
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getReason()).isEqualTo("accessDenied");
              assertThat(e.getMessage())
                  .isEqualTo("Access Denied: File gs://ledger/runs.ndjson: Access Denied");
            });
    assertThat(standIns.calls.refused())
        .extracting(Call::identity, Call::method, Call::resource)
        .containsExactly(
            tuple(
                StandIns.ORCHESTRATOR,
                "storage.objects.get",
                "projects/_/buckets/ledger/objects/runs.ndjson"));
  }
}
