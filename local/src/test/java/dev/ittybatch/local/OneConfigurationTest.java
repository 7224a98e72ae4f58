package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.Identities;
import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.testing.SmallPipelines;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch in the production configuration, seen from the stand-ins: each component calls Google's
 * APIs as its own account (the call log names who did what), the orchestrator's retry mode runs
 * with the job's environment as deploy.sh run executes it, and the results are afterwards in the
 * BigQuery stand-in's DuckDB file, where the DuckDB CLI reads them.
 */
class OneConfigurationTest {

  static final int ENTRIES = 30;
  static final String ORCHESTRATOR = "ittybatch-orchestrator@local.iam.gserviceaccount.com";
  static final String TASK_HANDLER = "ittybatch-task-handler@local.iam.gserviceaccount.com";
  static final String WEBHOOK = "ittybatch-webhook@local.iam.gserviceaccount.com";
  static final String OPERATOR = "operator@example.com";

  @TempDir Path dir;

  static long number(Map<String, Object> row, String key) {
    return row.get(key) instanceof Number n ? n.longValue() : 0;
  }

  @Test
  void eachComponentCallsAsItsAccountAndRetryRunsWithTheJobsEnvironment() throws Exception {
    Path manifest = dir.resolve("library.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < ENTRIES; i++) {
        out.write("{\"path\":\"gs://media-library/v/" + i + ".mov\",\"kind\":\"video\"}\n");
      }
    }
    Faults failing =
        new Faults(0, 0, 0, 0, 0.3, 0, Duration.ZERO, 0, 0, 0, Duration.ZERO, Duration.ZERO);
    long failed;
    try (LocalPipeline pipeline =
        new LocalPipeline(
            SmallPipelines.settings(dir.resolve("data"), failing, Dialect.documented()))) {
      IttybitSimulator ittybit = pipeline.ittybit();
      String uri = pipeline.stage(manifest);
      assertThat(pipeline.enqueue("--manifest=" + uri, "--batch-id=lib")).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> number(pipeline.results().progress("lib"), "done") == ENTRIES);
      failed = number(pipeline.results().progress("lib"), "failed");
      assertThat(failed).as("the share of failing jobs is exercised").isBetween(2L, 20L);

      // deploy.sh run MANIFEST --retry failed: the job re-drives the failed entries.
      assertThat(pipeline.enqueue("--manifest=" + uri, "--batch-id=lib", "--retry=failed"))
          .isZero();
      await().atMost(Duration.ofSeconds(60)).until(() -> ittybit.jobsCreated() == ENTRIES + failed);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> number(pipeline.results().progress("lib"), "done") == ENTRIES);
      List<Map<String, Object>> state = pipeline.results().query("batch_state", "lib");
      assertThat(state).hasSize(ENTRIES);
      assertThat(state.stream().filter(row -> number(row, "generation") == 1))
          .as("each failed entry re-driven as its next generation")
          .hasSize((int) failed);

      List<Call> calls = pipeline.calls().calls();
      assertThat(calls).extracting(Call::identity).doesNotContain(Identities.ANONYMOUS);
      assertThat(calls)
          .extracting(Call::identity)
          .containsOnly(ORCHESTRATOR, TASK_HANDLER, WEBHOOK, OPERATOR);
      assertThat(calls)
          .filteredOn(call -> call.permission().equals("iam.serviceAccounts.signBlob"))
          .isNotEmpty()
          .allSatisfy(
              call -> {
                assertThat(call.identity()).isEqualTo(TASK_HANDLER);
                assertThat(call.resource())
                    .isEqualTo("projects/local/serviceAccounts/" + TASK_HANDLER);
              });
      assertThat(calls)
          .filteredOn(call -> call.resource().contains("/buckets/media-library/objects/"))
          .extracting(Call::identity)
          .containsOnly(TASK_HANDLER);
      assertThat(calls)
          .filteredOn(call -> call.method().equals("bigquery.tabledata.insertAll"))
          .extracting(Call::identity)
          .contains(TASK_HANDLER, WEBHOOK);
      assertThat(calls)
          .filteredOn(call -> call.resource().contains("/objects/ittybatch-ledger/"))
          .extracting(Call::identity)
          .containsOnly(ORCHESTRATOR);
      assertThat(calls)
          .filteredOn(call -> call.permission().equals("bigquery.datasets.create"))
          .extracting(Call::identity)
          .containsOnly(OPERATOR);
    }

    // The stand-in has stopped: its file is the DuckDB CLI's.
    Path database;
    try (var files = Files.list(dir.resolve("data"))) {
      database =
          files.filter(file -> file.getFileName().toString().endsWith(".duckdb")).findFirst().get();
    }
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + database);
        Statement sql = duckdb.createStatement();
        ResultSet latest =
            sql.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE generation = 1)"
                    + " FROM ittybatch.task_results_latest WHERE batch_id = 'lib'")) {
      assertThat(latest.next()).isTrue();
      assertThat(latest.getLong(1)).isEqualTo(ENTRIES);
      assertThat(latest.getLong(2)).isEqualTo(failed);
    }
  }
}
