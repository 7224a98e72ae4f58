package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.BigQueryEventLog;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.webhook.results.DuckDbEvents;
import dev.ittybatch.webhook.results.DuckDbLedger;
import dev.ittybatch.webhook.results.DuckDbResultsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@code sql/queries}, as the orchestrator and the status page run them, gives the
 * same rows through the stand-in as through the local DuckDB store over the same batch: results
 * written by the production row writer, the ledger by load jobs of the orchestrator's files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedQueriesTest {

  StandIns standIns;
  BigQuery bigQuery;
  DuckDbResultsStore duckdb;

  @BeforeAll
  void load(@TempDir Path dir) throws Exception {
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    for (String file :
        List.of(
            "bigquery/01_dataset.sql",
            "bigquery/02_task_results.sql",
            "bigquery/03_batch_ledger.sql",
            "bigquery/04_batch_events.sql",
            "queries/task_results_latest.sql")) {
      bigQuery.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
    }
    BigQueryResultsStore writer =
        new BigQueryResultsStore(
            standIns.bigQuery(StandIns.WEBHOOK),
            TableId.of(StandIns.PROJECT, "ittybatch", "task_results"),
            500,
            Duration.ofMillis(2),
            Duration.ofSeconds(10));
    writer.record(Fixture.results());
    writer.close();
    standIns.storage.createBucket("manifests", "US");
    load("batch_entries", Fixture.ndjson(Fixture.ledger()));
    load("batch_runs", Fixture.ndjson(Fixture.runs()));

    duckdb =
        new DuckDbResultsStore(
            dir.resolve("local.duckdb"), 500, Duration.ofMillis(2), Duration.ofSeconds(4));
    duckdb.record(Fixture.results());
    try (DuckDbLedger ledger = new DuckDbLedger(duckdb)) {
      ledger.recordEntries(Fixture.ledger());
      Fixture.runs().forEach(ledger::recordRun);
    }
    // A breaker that tripped after the batch's first run, in both stores.
    BatchEvent tripped =
        BatchEvent.of(
            BatchEvent.Kind.BREAKER_TRIPPED,
            Fixture.BATCH,
            "every job refused",
            "400 request_invalid",
            "task-handler",
            Fixture.T0.plusSeconds(30),
            "first");
    new BigQueryEventLog(
            standIns.bigQuery(StandIns.WEBHOOK),
            TableId.of(StandIns.PROJECT, "ittybatch", "batch_events"))
        .append(tripped);
    new DuckDbEvents(duckdb).append(tripped);
  }

  void load(String table, byte[] ndjson) throws Exception {
    Storage storage = standIns.storage(StandIns.ORCHESTRATOR);
    String object = "ledger/lib/run-0-" + table + ".ndjson";
    storage.create(
        BlobInfo.newBuilder("manifests", object).build(),
        ndjson,
        Storage.BlobTargetOption.doesNotExist());
    Job job =
        bigQuery
            .create(
                JobInfo.of(
                    LoadJobConfiguration.newBuilder(
                            TableId.of(StandIns.PROJECT, "ittybatch", table),
                            "gs://manifests/" + object,
                            FormatOptions.json())
                        .setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
                        .setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
                        .build()))
            .waitFor();
    assertThat(job.getStatus().getError()).isNull();
  }

  @AfterAll
  void close() throws Exception {
    duckdb.close();
    standIns.close();
  }

  static Stream<String> queries() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("..", "sql", "queries"))) {
      return files
          .map(file -> file.getFileName().toString().replace(".sql", ""))
          .filter(name -> !name.equals("task_results_latest"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("queries")
  void givesTheRowsTheLocalStoreGives(String name) throws Exception {
    Map<String, Object> parameters =
        Map.of("batch_id", Fixture.BATCH, "entry_id", Fixture.entryId(1), "generation", 0L);
    String sql = SqlScripts.query(name);
    QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql);
    for (String parameter :
        new java.util.LinkedHashSet<>(SqlScripts.positional(sql).parameters())) {
      Object value = parameters.get(parameter);
      config.addNamedParameter(
          parameter,
          value instanceof Long number
              ? QueryParameterValue.int64(number)
              : QueryParameterValue.string((String) value));
    }
    List<Map<String, Object>> expected = Rows.normalized(duckdb.query(name, parameters));
    List<Map<String, Object>> actual = Rows.of(bigQuery.query(config.build()));
    assertThat(expected).as("the local store's rows for " + name).isNotEmpty();
    switch (name) {
      // No ORDER BY: rows in any order.
      case "batch_state" -> assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
      // ORDER BY source_key, and one row's is NULL: GoogleSQL sorts NULLs first ascending
      // (query-syntax#order_by_clause), the local DuckDB store last.
      case "outputs" -> assertThat(actual).isEqualTo(nullsFirst(expected, "source_key"));
      default -> assertThat(actual).as(name).isEqualTo(expected);
    }
  }

  static List<Map<String, Object>> nullsFirst(List<Map<String, Object>> rows, String column) {
    List<Map<String, Object>> ordered = new java.util.ArrayList<>();
    rows.stream().filter(row -> row.get(column) == null).forEach(ordered::add);
    rows.stream().filter(row -> row.get(column) != null).forEach(ordered::add);
    assertThat(ordered).as("a row with a NULL " + column).isNotEqualTo(rows);
    return ordered;
  }
}
