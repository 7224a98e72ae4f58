package dev.ittybatch.local.latest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultRowBuilder;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.bigquery.BigQuerySettings;
import dev.ittybatch.local.bigquery.BigQueryStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accelerated {@code task_results_latest} equals the view, run by the BigQuery stand-in as
 * GoogleSQL, whatever rows arrive, in whatever order and groups, with reads in between: redelivered
 * events, several generations, rows that carry no ids or no generation and are attributed through
 * their job's dispatched row, which may come before or after them. Each seed writes batches and
 * jobs of its own into one stand-in, so every earlier seed's rows are there too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatestTableTest {

  static final String PROJECT = "local-project";
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final String TABLE =
      "SELECT * FROM ittybatch.task_results_latest ORDER BY batch_id, entry_id";
  static final String VIEW =
      "SELECT * FROM ("
          + LatestTable.selectOf(SqlScripts.read("queries/task_results_latest.sql"))
          + ") ORDER BY batch_id, entry_id";

  BigQueryStandIn standIn;
  BigQuery bigQuery;
  BigQueryResultsStore writer;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // Rows are deleted behind the accelerator's back below, which BigQuery allows only once they
    // have left the streaming buffer: the buffer is off here.
    standIn =
        new BigQueryStandIn(
            BigQuerySettings.of(dir.resolve("bq.duckdb"), PROJECT)
                .withStreamingBuffer(Duration.ZERO));
    bigQuery =
        BigQueryOptions.newBuilder()
            .setProjectId(PROJECT)
            .setHost(standIn.baseUrl())
            .setCredentials(NoCredentials.getInstance())
            .setHeaderProvider(FixedHeaderProvider.create("Authorization", "Bearer tester@p"))
            .build()
            .getService();
    for (String file :
        List.of(
            "bigquery/01_dataset.sql",
            "bigquery/02_task_results.sql",
            "queries/task_results_latest.sql")) {
      bigQuery.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
    }
    standIn.accelerate(
        TableId.of(PROJECT, "ittybatch", "task_results_latest"),
        new LatestTable("ittybatch", "accelerated"));
    writer =
        new BigQueryResultsStore(
            bigQuery,
            TableId.of(PROJECT, "ittybatch", "task_results"),
            500,
            Duration.ZERO,
            Duration.ofSeconds(10));
  }

  @AfterAll
  void stop() throws Exception {
    writer.close();
    standIn.close();
  }

  /**
   * One event, fully determined by its number, so a redelivery is the same row: the entry, the
   * generation, the status, the time (few distinct values, so ties happen) and which ids it lacks.
   */
  static ResultRow event(String run, int n) {
    int entry = n % 4;
    int generation = (n / 4) % 2;
    ResultStatus status = ResultStatus.values()[(n / 8) % ResultStatus.values().length];
    String job = run + "job_" + entry + "_" + generation;
    boolean dispatched = status == ResultStatus.DISPATCHED;
    int shape = dispatched ? 0 : (n / 64) % 4;
    return ResultRowBuilder.row(run + "evt_" + n, status, T0.plusSeconds((n * 7L) % 5))
        .batchId(shape == 1 ? null : run + (entry < 3 ? "a" : "b"))
        .entryId(shape == 1 ? null : String.format("%032x", entry))
        .generation(shape == 1 || shape == 2 ? null : generation)
        .jobId(shape == 3 ? run + "job_orphan" : job)
        .kind("video")
        .origin(dispatched ? "task-handler" : "webhook")
        .error(status == ResultStatus.FAILED ? "processing_failed" : null, null)
        .build();
  }

  List<String> rows(String sql) throws Exception {
    TableResult result = bigQuery.query(QueryJobConfiguration.newBuilder(sql).build());
    List<String> rows = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      List<Object> cells = new ArrayList<>();
      row.forEach(cell -> cells.add(cell.isNull() ? null : cell.getValue()));
      rows.add(cells.toString());
    }
    return rows;
  }

  static Stream<Integer> seeds() {
    return IntStream.rangeClosed(1, 12).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theTableIsTheViewAfterEveryWrite(int seed) throws Exception {
    Random random = new Random(seed);
    String run = "s" + seed + "-";
    int groups = 1 + random.nextInt(10);
    int readEvery = 1 + random.nextInt(3);
    for (int g = 0; g < groups; g++) {
      List<ResultRow> rows = new ArrayList<>();
      for (int n = 1 + random.nextInt(6); n > 0; n--) {
        rows.add(event(run, random.nextInt(256)));
      }
      writer.record(rows);
      if (g % readEvery == 0) {
        assertThat(rows(TABLE)).as("seed %d after group %d", seed, g).isEqualTo(rows(VIEW));
      }
    }
    assertThat(rows(TABLE)).as("seed %d", seed).isEqualTo(rows(VIEW)).isNotEmpty();
  }

  @Test
  void rowsDeletedBehindItsBackRebuildTheTable() throws Exception {
    writer.record(List.of(event("d-", 0), event("d-", 9)));
    assertThat(rows(TABLE)).isEqualTo(rows(VIEW));
    bigQuery.query(
        QueryJobConfiguration.newBuilder(
                "DELETE FROM ittybatch.task_results WHERE event_id = 'd-evt_9'")
            .build());
    assertThat(rows(TABLE)).isEqualTo(rows(VIEW));
  }
}
