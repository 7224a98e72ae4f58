package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.ViewDefinition;
import dev.ittybatch.common.results.ResultColumns;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.iam.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy's SQL applied through the client as {@code bq query} applies it: every file of {@code
 * sql/bigquery} and the latest view, twice, the second time changing nothing; the tables then look
 * in BigQuery's API as the files say, and the DuckDB file opens in DuckDB afterwards.
 */
class SchemaFilesTest {

  @TempDir Path dir;
  StandIns standIns;
  BigQuery bigQuery;

  @BeforeEach
  void start() throws Exception {
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
  }

  @AfterEach
  void stop() {
    standIns.close();
  }

  static List<String> files() throws Exception {
    List<String> files = new ArrayList<>();
    try (Stream<Path> sql = Files.list(Path.of("..", "sql", "bigquery"))) {
      sql.map(file -> "bigquery/" + file.getFileName()).sorted().forEach(files::add);
    }
    files.add("queries/task_results_latest.sql");
    return files;
  }

  List<JobStatistics.QueryStatistics> apply() throws Exception {
    List<JobStatistics.QueryStatistics> statistics = new ArrayList<>();
    for (String file : files()) {
      Job job =
          bigQuery
              .create(JobInfo.of(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build()))
              .waitFor();
      assertThat(job.getStatus().getError()).as(file).isNull();
      statistics.add(job.getStatistics());
    }
    return statistics;
  }

  @Test
  void everySchemaFileAppliesTwiceAndTheSecondTimeChangesNothing() throws Exception {
    List<JobStatistics.QueryStatistics> first = apply();
    List<JobStatistics.QueryStatistics> second = apply();
    assertThat(files()).hasSize(6);
    assertThat(first.get(0).getDdlOperationPerformed()).isEqualTo("CREATE");
    assertThat(second.get(0).getDdlOperationPerformed()).isEqualTo("SKIP");
    // 02 and 03 hold two statements each: scripts.
    assertThat(second.get(1).getStatementType()).hasToString("SCRIPT");
    assertThat(first.get(3).getDdlOperationPerformed()).isEqualTo("CREATE");
    assertThat(second.get(3).getDdlOperationPerformed()).isEqualTo("SKIP");
    // A table made by 02 already has job_id: the rename has nothing to do.
    assertThat(first.get(4).getDdlOperationPerformed()).isEqualTo("SKIP");
    assertThat(second.get(4).getDdlOperationPerformed()).isEqualTo("SKIP");
    assertThat(first.get(5).getDdlOperationPerformed()).isEqualTo("CREATE");
    assertThat(second.get(5).getDdlOperationPerformed()).isEqualTo("REPLACE");
    assertThat(
            bigQuery
                .query(
                    QueryJobConfiguration.newBuilder(
                            "SELECT COUNT(*) AS n FROM ittybatch.task_results_latest")
                        .build())
                .getValues()
                .iterator()
                .next()
                .get(0)
                .getLongValue())
        .isZero();
  }

  @Test
  void setupRenamesTheJobColumnOfAnOlderResultsTableKeepingItsRows() throws Exception {
    bigQuery.query(
        QueryJobConfiguration.newBuilder(SqlScripts.read("bigquery/01_dataset.sql")).build());
    bigQuery.query(
        QueryJobConfiguration.newBuilder(
                SqlScripts.read("bigquery/02_task_results.sql")
                    .replace("\n  job_id ", "\n  task_id "))
            .build());
    bigQuery.query(
        QueryJobConfiguration.newBuilder(
                "INSERT INTO ittybatch.task_results (task_id, status, event_id, received_at,"
                    + " batch_id, entry_id) VALUES ('job_1', 'succeeded', 'e1',"
                    + " TIMESTAMP '2026-01-01 00:00:00+00', 'b', 'x')")
            .build());

    List<JobStatistics.QueryStatistics> statistics = apply();

    assertThat(statistics.get(4).getDdlOperationPerformed()).isNull();
    List<Field> fields =
        bigQuery
            .getTable(TableId.of("ittybatch", "task_results"))
            .getDefinition()
            .getSchema()
            .getFields();
    assertThat(fields)
        .extracting(Field::getName)
        .containsExactlyElementsOf(
            ResultColumns.ALL.stream().map(ResultColumns.Column::name).toList());
    assertThat(fields.get(0).getDescription()).isEqualTo("Ittybit job id");
    assertThat(
            bigQuery
                .query(
                    QueryJobConfiguration.newBuilder(
                            "SELECT job_id FROM ittybatch.task_results_latest"
                                + " WHERE batch_id = 'b'")
                        .build())
                .getValues()
                .iterator()
                .next()
                .get("job_id")
                .getStringValue())
        .isEqualTo("job_1");
  }

  @Test
  void theResultsTableIsWhatTheFileSays() throws Exception {
    apply();
    Table table = bigQuery.getTable(TableId.of("ittybatch", "task_results"));
    StandardTableDefinition definition = table.getDefinition();
    List<Field> fields = definition.getSchema().getFields();
    assertThat(fields)
        .extracting(Field::getName)
        .containsExactlyElementsOf(
            ResultColumns.ALL.stream().map(ResultColumns.Column::name).toList());
    for (int i = 0; i < fields.size(); i++) {
      assertThat(fields.get(i).getType().getStandardType().name())
          .as(fields.get(i).getName())
          .isEqualTo(ResultColumns.ALL.get(i).type().name());
    }
    assertThat(fields.get(1).getMode()).isEqualTo(Field.Mode.REQUIRED);
    assertThat(fields.get(0).getDescription()).isEqualTo("Ittybit job id");
    assertThat(definition.getTimePartitioning().getField()).isEqualTo("received_at");
    assertThat(definition.getClustering().getFields()).containsExactly("batch_id", "status");
    assertThat(table.getDescription()).startsWith("Every outcome recorded");
    TableDefinition view =
        bigQuery.getTable(TableId.of("ittybatch", "task_results_latest")).getDefinition();
    assertThat(view).isInstanceOf(ViewDefinition.class);
    assertThat(((ViewDefinition) view).getQuery()).startsWith("WITH dispatched AS");
  }

  @Test
  void aGrantOnTheDatasetIsRecordedAndNeedsDatasetsUpdate() throws Exception {
    apply();
    String members =
        "\"serviceAccount:"
            + StandIns.WEBHOOK
            + "\",\"serviceAccount:"
            + StandIns.ORCHESTRATOR
            + "\"";
    // The statement deploy.sh makes (setup.txt): GRANT `role` ON SCHEMA `project.dataset` TO ...
    bigQuery.query(
        QueryJobConfiguration.newBuilder(
                "GRANT `roles/bigquery.dataEditor` ON SCHEMA `"
                    + StandIns.PROJECT
                    + ".ittybatch` TO "
                    + members)
            .build());
    assertThat(standIns.bigQuery.grants())
        .extracting(Grant::member)
        // One statement grants both at once: no order between them.
        .containsExactlyInAnyOrder(
            "serviceAccount:" + StandIns.WEBHOOK, "serviceAccount:" + StandIns.ORCHESTRATOR);
    assertThat(standIns.bigQuery.grants())
        .allSatisfy(
            grant ->
                assertThat(grant.resource()).isEqualTo("projects/local-project/datasets/ittybatch"))
        .allSatisfy(grant -> assertThat(grant.role()).isEqualTo("roles/bigquery.dataEditor"));
    assertThat(standIns.calls.calls())
        .extracting(Call::permission, Call::resource)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "bigquery.datasets.update", "projects/local-project/datasets/ittybatch"));
    assertThatThrownBy(
            () ->
                bigQuery.query(
                    QueryJobConfiguration.newBuilder(
                            "GRANT `roles/bigquery.dataEditor` ON SCHEMA ittybatch TO \"someone\"")
                        .build()))
        .isInstanceOf(BigQueryException.class)
        .hasMessageContaining("Invalid member");
  }

  @Test
  void theDuckDbFileOpensInDuckDbWithTheDatasetAsItsSchema() throws Exception {
    apply();
    bigQuery.query(
        QueryJobConfiguration.newBuilder(
                "INSERT INTO ittybatch.task_results (status, event_id, received_at, batch_id, entry_id)"
                    + " VALUES ('succeeded', 'e1', TIMESTAMP '2026-01-01 00:00:00+00', 'b', 'x')")
            .build());
    Path file = standIns.bigQuery.file();
    standIns.close();
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement sql = duckdb.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT r.event_id, l.status, safe_divide(1, 0) AS nothing FROM ittybatch.task_results r"
                    + " JOIN ittybatch.task_results_latest l USING (event_id)")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("e1");
      assertThat(rows.getString(2)).isEqualTo("succeeded");
      assertThat(rows.getObject(3)).isNull();
    }
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    assertThat(bigQuery.getDataset("ittybatch").getLocation()).isEqualTo("US");
  }
}
