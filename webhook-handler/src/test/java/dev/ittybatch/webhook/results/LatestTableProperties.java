package dev.ittybatch.webhook.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.sql.SqlScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The latest table the local store keeps equals the view's rule over every stored row, whatever
 * rows arrive, in whatever order and groups, with reads in between: redelivered events, several
 * generations, rows that carry no ids or no generation and are attributed through their job's
 * dispatched row, which may come before or after them.
 */
class LatestTableProperties {

  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final String VIEW =
      "SELECT * FROM ("
          + LatestTable.selectOf(SqlScripts.read("queries/task_results_latest.sql"))
          + ") ORDER BY batch_id, entry_id";
  static final String TABLE =
      "SELECT * FROM ittybatch.task_results_latest ORDER BY batch_id, entry_id";

  /**
   * One event, fully determined by its number, so a redelivery is the same row: the entry, the
   * generation, the status, the time (few distinct values, so ties happen) and which ids it lacks.
   */
  static ResultRow event(int n) {
    int entry = n % 4;
    int generation = (n / 4) % 2;
    ResultStatus status = ResultStatus.values()[(n / 8) % ResultStatus.values().length];
    String job = "job_" + entry + "_" + generation;
    boolean dispatched = status == ResultStatus.DISPATCHED;
    int shape = dispatched ? 0 : (n / 64) % 4;
    return ResultRow.builder("evt_" + n, status, T0.plusSeconds((n * 7L) % 5))
        .batchId(shape == 1 ? null : (entry < 3 ? "a" : "b"))
        .entryId(shape == 1 ? null : String.format("%032x", entry))
        .generation(shape == 1 || shape == 2 ? null : generation)
        .jobId(shape == 3 ? "job_orphan" : job)
        .kind("video")
        .origin(dispatched ? "task-handler" : "webhook")
        .error(status == ResultStatus.FAILED ? "processing_failed" : null, null)
        .build();
  }

  @Provide
  Arbitrary<List<List<Integer>>> deliveries() {
    Arbitrary<Integer> events = Arbitraries.integers().between(0, 255);
    return events.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 40)
  void theTableIsTheViewAfterEveryWrite(
      @ForAll("deliveries") List<List<Integer>> groups,
      @ForAll @IntRange(min = 1, max = 3) int readEvery)
      throws Exception {
    Path dir = Files.createTempDirectory("latest-table");
    Path file = dir.resolve("results.duckdb");
    DuckDbResultsStore store =
        new DuckDbResultsStore(file, 500, Duration.ZERO, Duration.ofSeconds(4));
    try {
      for (int g = 0; g < groups.size(); g++) {
        List<ResultRow> rows = new ArrayList<>();
        groups.get(g).forEach(n -> rows.add(event(n)));
        store.record(rows);
        if (g % readEvery == 0) {
          assertThat(store.select(TABLE)).isEqualTo(store.select(VIEW));
        }
      }
      List<Map<String, Object>> expected = store.select(VIEW);
      assertThat(store.select(TABLE)).isEqualTo(expected);
      store.close();
      // Reopened, the table is rebuilt from every row: still the same.
      store = new DuckDbResultsStore(file, 500, Duration.ZERO, Duration.ofSeconds(4));
      assertThat(store.select(TABLE)).isEqualTo(expected);
    } finally {
      store.close();
    }
  }
}
