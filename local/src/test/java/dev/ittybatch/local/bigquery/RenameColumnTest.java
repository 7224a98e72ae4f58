package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALTER TABLE RENAME COLUMN through the client, as the DDL reference has it: {@code ALTER TABLE [IF
 * EXISTS] t RENAME COLUMN [IF EXISTS] a TO b[, ...]}, applied in order, the rows kept.
 */
class RenameColumnTest {

  @TempDir Path dir;
  StandIns standIns;
  BigQuery bigQuery;

  @BeforeEach
  void start() throws Exception {
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    bigQuery.create(DatasetInfo.newBuilder("ds").build());
    run(
        "CREATE TABLE ds.results (task_id STRING OPTIONS (description = 'the job'),"
            + " status STRING, batch_id STRING, received_at TIMESTAMP)"
            + " PARTITION BY DATE(received_at) CLUSTER BY batch_id");
    InsertAllRequest rows =
        InsertAllRequest.newBuilder(TableId.of("ds", "results"))
            .addRow(
                Map.of(
                    "task_id",
                    "job_1",
                    "status",
                    "succeeded",
                    "batch_id",
                    "b",
                    "received_at",
                    "2026-12-01T10:00:00Z"))
            .build();
    assertThat(bigQuery.insertAll(rows).hasErrors()).isFalse();
  }

  @AfterEach
  void stop() {
    standIns.close();
  }

  Job run(String sql) throws InterruptedException {
    Job job = bigQuery.create(JobInfo.of(QueryJobConfiguration.newBuilder(sql).build())).waitFor();
    if (job.getStatus().getError() != null) {
      throw new BigQueryException(400, job.getStatus().getError().getMessage());
    }
    return job;
  }

  List<String> columns() {
    return bigQuery
        .getTable(TableId.of("ds", "results"))
        .getDefinition()
        .getSchema()
        .getFields()
        .stream()
        .map(Field::getName)
        .toList();
  }

  @Test
  void aRenamedColumnKeepsItsRowsItsDescriptionAndItsPlace() throws Exception {
    run("ALTER TABLE ds.results RENAME COLUMN task_id TO job_id");

    assertThat(columns()).containsExactly("job_id", "status", "batch_id", "received_at");
    Field renamed =
        bigQuery
            .getTable(TableId.of("ds", "results"))
            .getDefinition()
            .getSchema()
            .getFields()
            .get("job_id");
    assertThat(renamed.getDescription()).isEqualTo("the job");
    FieldValueList row =
        bigQuery
            .query(QueryJobConfiguration.newBuilder("SELECT job_id FROM ds.results").build())
            .getValues()
            .iterator()
            .next();
    assertThat(row.get("job_id").getStringValue()).isEqualTo("job_1");
    assertThat(
            bigQuery
                .insertAll(
                    InsertAllRequest.newBuilder(TableId.of("ds", "results"))
                        .addRow(Map.of("job_id", "job_2", "status", "dispatched"))
                        .build())
                .hasErrors())
        .isFalse();
  }

  @Test
  void ifExistsMakesARenameOfAMissingColumnDoNothing() throws Exception {
    run("ALTER TABLE ds.results RENAME COLUMN task_id TO job_id");

    Job again = run("ALTER TABLE ds.results RENAME COLUMN IF EXISTS task_id TO job_id");
    Job noTable = run("ALTER TABLE IF EXISTS ds.nothing RENAME COLUMN task_id TO job_id");

    assertThat(
            again
                .<com.google.cloud.bigquery.JobStatistics.QueryStatistics>getStatistics()
                .getDdlOperationPerformed())
        .isEqualTo("SKIP");
    assertThat(
            noTable
                .<com.google.cloud.bigquery.JobStatistics.QueryStatistics>getStatistics()
                .getDdlOperationPerformed())
        .isEqualTo("SKIP");
    assertThat(columns()).containsExactly("job_id", "status", "batch_id", "received_at");
    assertThatThrownBy(() -> run("ALTER TABLE ds.results RENAME COLUMN task_id TO job_id"))
        .hasMessageContaining("Column task_id not found");
  }

  @Test
  void renamesApplyInTheOrderWrittenSoTwoColumnsCanSwap() throws Exception {
    run(
        "ALTER TABLE ds.results RENAME COLUMN task_id TO spare,"
            + " RENAME COLUMN status TO task_id, RENAME COLUMN spare TO status");

    assertThat(columns()).containsExactly("status", "task_id", "batch_id", "received_at");
    FieldValueList row =
        bigQuery
            .query(
                QueryJobConfiguration.newBuilder("SELECT status, task_id FROM ds.results").build())
            .getValues()
            .iterator()
            .next();
    assertThat(row.get("status").getStringValue()).isEqualTo("job_1");
    assertThat(row.get("task_id").getStringValue()).isEqualTo("succeeded");
  }

  @Test
  void aRenameBigQueryRefusesChangesNothing() {
    assertThatThrownBy(() -> run("ALTER TABLE ds.results RENAME COLUMN task_id TO status"))
        .hasMessageContaining("Column already exists: status");
    assertThatThrownBy(() -> run("ALTER TABLE ds.results RENAME COLUMN received_at TO at"))
        .hasMessageContaining("partitioning column received_at");
    assertThatThrownBy(() -> run("ALTER TABLE ds.results RENAME COLUMN batch_id TO batch"))
        .hasMessageContaining("clustering column batch_id");
    assertThatThrownBy(() -> run("ALTER TABLE ds.results RENAME COLUMN task_id TO `job-id`"))
        .hasMessageContaining("Invalid column name job-id");
    assertThatThrownBy(
            () ->
                run(
                    "ALTER TABLE ds.results RENAME COLUMN task_id TO job_id,"
                        + " ADD COLUMN n INT64"))
        .isInstanceOf(BigQueryException.class);
    assertThatThrownBy(() -> run("ALTER TABLE ds.nothing RENAME COLUMN task_id TO job_id"))
        .hasMessageContaining("Not found");

    assertThat(columns()).containsExactly("task_id", "status", "batch_id", "received_at");
  }
}
