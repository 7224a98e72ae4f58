package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.BigQueryEventLog;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.sql.SqlScripts;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Every query of {@code sql/queries}, as the orchestrator and the status page run them, over one
 * batch in the stand-in (results written by the production row writer, the ledger by load jobs of
 * the orchestrator's files, a breaker's event by the event log) gives the rows recorded in {@code
 * src/test/resources/shared-queries/QUERY.json}. The records were first taken when these rows
 * equalled those of the local DuckDB results store of that time; a change shows in review as a
 * diff, and {@code UPDATE_SNAPSHOTS=1} writes them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedQueriesTest {

  static final Path RECORDS = Path.of("src", "test", "resources", "shared-queries");
  static final JsonMapper JSON = JsonMapper.builder().build();

  StandIns standIns;
  BigQuery bigQuery;

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
    // A breaker that tripped after the batch's first run.
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
  void givesTheRecordedRows(String name) throws Exception {
    Map<String, Object> parameters =
        Map.of(
            "batch_id",
            Fixture.BATCH,
            "entry_id",
            Fixture.entryId(1),
            "generation",
            0L,
            "batch_ids",
            new String[] {Fixture.BATCH},
            "keys",
            new String[] {Fixture.BATCH + "/" + Fixture.entryId(1) + "/0"});
    String sql = SqlScripts.query(name);
    QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql);
    for (String parameter :
        new java.util.LinkedHashSet<>(SqlScripts.positional(sql).parameters())) {
      Object value = parameters.get(parameter);
      config.addNamedParameter(
          parameter,
          value instanceof Long number
              ? QueryParameterValue.int64(number)
              : value instanceof String[] texts
                  ? QueryParameterValue.array(texts, StandardSQLTypeName.STRING)
                  : QueryParameterValue.string((String) value));
    }
    List<String> actual = lines(Rows.of(bigQuery.query(config.build())));
    // No ORDER BY in batch_state: its rows in any order.
    if (name.equals("batch_state")) {
      actual = actual.stream().sorted().toList();
    }
    Path record = RECORDS.resolve(name + ".json");
    if (System.getenv("UPDATE_SNAPSHOTS") != null) {
      Files.createDirectories(RECORDS);
      Files.writeString(record, String.join("\n", actual) + "\n");
    }
    assertThat(actual).as("the rows of " + name).isNotEmpty();
    assertThat(String.join("\n", actual) + "\n").as(name).isEqualTo(Files.readString(record));
  }

  @org.junit.jupiter.api.Test
  void sortsNullsFirstAscendingAsGoogleSqlDoes() throws Exception {
    // ORDER BY source_key, one row's NULL: GoogleSQL sorts NULLs first ascending
    // (query-syntax#order_by_clause); DuckDB by itself sorts them last.
    QueryJobConfiguration outputs =
        QueryJobConfiguration.newBuilder(SqlScripts.query("outputs"))
            .addNamedParameter("batch_id", QueryParameterValue.string(Fixture.BATCH))
            .build();
    List<Map<String, Object>> rows = Rows.of(bigQuery.query(outputs));
    assertThat(rows).hasSizeGreaterThan(1);
    assertThat(rows.get(0).get("source_key")).isNull();
  }

  /** Each row as one line of JSON, its cells in the query's order, timestamps as text. */
  static List<String> lines(List<Map<String, Object>> rows) {
    return rows.stream()
        .map(
            row -> {
              Map<String, Object> cells = new java.util.LinkedHashMap<>();
              row.forEach(
                  (column, value) ->
                      cells.put(
                          column, value instanceof java.time.Instant at ? at.toString() : value));
              return JSON.writeValueAsString(cells);
            })
        .toList();
  }
}
