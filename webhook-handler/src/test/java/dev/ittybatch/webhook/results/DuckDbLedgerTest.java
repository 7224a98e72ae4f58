package dev.ittybatch.webhook.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger tables and the queries that read them with the results, on a real DuckDB file. */
class DuckDbLedgerTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;
  DuckDbResultsStore store;
  DuckDbLedger ledger;

  @BeforeEach
  void open() {
    store =
        new DuckDbResultsStore(
            dir.resolve("results.duckdb"), 500, Duration.ofMillis(2), Duration.ofSeconds(4));
    ledger = new DuckDbLedger(store);
  }

  @AfterEach
  void close() throws Exception {
    ledger.close();
    store.close();
  }

  static LedgerEntry entry(String batch, int entry, int generation, Instant at) {
    EntryIdentity id = DuckDbResultsStoreTest.id(batch, entry);
    return new LedgerEntry(
        batch,
        id.entryId().value(),
        entry + 1,
        "gs://media-lib/" + entry,
        "video",
        generation,
        "projects/p/locations/l/queues/q/tasks/" + id.taskId(generation),
        T0,
        "run-1",
        at);
  }

  static ResultRow row(String batch, int entry, ResultStatus status, int generation, Instant at) {
    return ResultRow.fromDispatch(
        DuckDbResultsStoreTest.id(batch, entry),
        status,
        "video",
        "gs://media-lib/" + entry,
        status == ResultStatus.DISPATCHED ? "job_" + entry + "_" + generation : null,
        null,
        null,
        generation,
        1,
        at);
  }

  Map<String, Map<String, Object>> state(String batch) {
    Map<String, Map<String, Object>> byEntry = new HashMap<>();
    ledger.stream(
        "batch_state",
        Map.of("batch_id", batch),
        row -> byEntry.put((String) row.get("entry_id"), row));
    return byEntry;
  }

  static String id(int entry) {
    return String.format("%032x", entry);
  }

  @Test
  void theStateOfEachEntryIsItsNewestGenerationsOutcome() {
    List<LedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(entry("b", i, 0, T0));
    }
    ledger.recordEntries(entries);
    // Entry 3 failed, then was re-driven: its generation 1 has no outcome yet.
    ledger.recordEntries(List.of(entry("b", 3, 1, T0.plusSeconds(60))));
    store.record(
        List.of(
            row("b", 0, ResultStatus.SUCCEEDED, 0, T0.plusSeconds(5)),
            row("b", 1, ResultStatus.DISPATCHED, 0, T0.plusSeconds(5)),
            row("b", 2, ResultStatus.FAILED, 0, T0.plusSeconds(5)),
            row("b", 3, ResultStatus.FAILED, 0, T0.plusSeconds(5)),
            // An entry with a row but no ledger row (written before the ledger existed).
            row("b", 9, ResultStatus.SUCCEEDED, 0, T0.plusSeconds(5)),
            row("other", 0, ResultStatus.FAILED, 0, T0)));

    Map<String, Map<String, Object>> state = state("b");

    assertThat(state).hasSize(6);
    assertThat(state.get(id(0)))
        .containsEntry("status", "succeeded")
        .containsEntry("generation", 0L);
    assertThat(state.get(id(1)))
        .containsEntry("status", "dispatched")
        .containsEntry("job_id", "job_1_0");
    assertThat(state.get(id(3))).containsEntry("status", null).containsEntry("generation", 1L);
    assertThat((String) state.get(id(3)).get("task_name")).endsWith("-g1");
    assertThat(state.get(id(4))).containsEntry("status", null).containsEntry("line", 5L);
    assertThat(state.get(id(9)))
        .containsEntry("status", "succeeded")
        .containsEntry("task_name", null);
  }

  @Test
  void progressCountsAgainstTheLedgerWithPendingAndLost() {
    List<LedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(entry("b", i, 0, T0));
    }
    ledger.recordEntries(entries);
    store.record(
        List.of(
            row("b", 0, ResultStatus.SUCCEEDED, 0, T0.plusSeconds(100)),
            row("b", 1, ResultStatus.SUCCEEDED, 0, T0.plusSeconds(200)),
            row("b", 2, ResultStatus.FAILED, 0, T0.plusSeconds(300)),
            row("b", 3, ResultStatus.DISPATCHED, 0, T0.plusSeconds(300)),
            row("b", 4, ResultStatus.LOST, 0, T0.plusSeconds(400)),
            // Re-driven after it failed: pending again until generation 1 reports.
            row("b", 5, ResultStatus.FAILED, 0, T0.plusSeconds(50))));
    ledger.recordEntries(List.of(entry("b", 5, 1, T0.plusSeconds(60))));

    Map<String, Object> progress = store.query("progress_summary", Map.of("batch_id", "b")).get(0);

    assertThat(progress)
        .containsEntry("total", 10L)
        .containsEntry("pending", 5L)
        .containsEntry("dispatched", 1L)
        .containsEntry("done", 4L)
        .containsEntry("succeeded", 2L)
        .containsEntry("failed", 1L)
        .containsEntry("lost", 1L);
    // Outcomes after t=100 s, the start of the five minutes up to the last one (t=400 s): 3 in
    // 300 s, 0.01/s; 6 entries left (5 pending, 1 dispatched) take 600 s at that rate.
    assertThat(((Number) progress.get("recent_per_second")).doubleValue()).isEqualTo(0.01);
    assertThat(((Number) progress.get("eta_seconds")).longValue()).isEqualTo(600L);
  }

  @Test
  void anEmptyBatchHasNothingToCountAndNoEta() {
    Map<String, Object> progress =
        store.query("progress_summary", Map.of("batch_id", "none")).get(0);
    assertThat(progress).containsEntry("total", 0L).containsEntry("eta_seconds", null);
  }

  @Test
  void runsAreRecordedAndTheLatestEnqueueNamesTheManifest() {
    ledger.recordRun(
        new BatchRun(
            "b",
            "r1",
            "enqueue",
            "gs://m/a.jsonl",
            "17",
            null,
            null,
            null,
            0,
            1,
            null,
            null,
            T0,
            null));
    ledger.recordRun(
        new BatchRun(
            "b",
            "r1",
            "enqueue",
            "gs://m/a.jsonl",
            "17",
            10L,
            "{\"video\":10}",
            0L,
            0,
            1,
            10L,
            0L,
            T0,
            T0.plusSeconds(5)));
    ledger.recordRun(
        new BatchRun(
            "b",
            "r2",
            "reconcile",
            "gs://m/a.jsonl",
            null,
            null,
            null,
            null,
            0,
            1,
            null,
            null,
            T0.plusSeconds(100),
            null));
    List<Object> manifests = new ArrayList<>();
    ledger.stream(
        "batch_manifest", Map.of("batch_id", "b"), row -> manifests.add(row.get("manifest_uri")));
    assertThat(manifests).containsExactly("gs://m/a.jsonl");
  }

  @Test
  void aVerdictOverruledByTheJobIsNoConflictButTwoJobOutcomesAre() {
    store.record(
        List.of(
            // A lost answer, then every attempt refused: the handler gave up, the job succeeded.
            row("b", 1, ResultStatus.DISPATCH_FAILED, 0, T0),
            row("b", 1, ResultStatus.SUCCEEDED, 0, T0.plusSeconds(5)),
            // Failed, re-driven, succeeded: two generations, no conflict.
            row("b", 2, ResultStatus.FAILED, 0, T0),
            row("b", 2, ResultStatus.SUCCEEDED, 1, T0.plusSeconds(9)),
            // The same generation both failed and succeeded: a contradiction.
            row("b", 3, ResultStatus.FAILED, 0, T0),
            row("b", 3, ResultStatus.SUCCEEDED, 0, T0.plusSeconds(5))));

    Map<String, Object> integrity =
        store.query("outcome_integrity", Map.of("batch_id", "b")).get(0);

    assertThat(integrity)
        .containsEntry("entries_with_conflicting_outcomes", 1L)
        .containsEntry("verdicts_overruled_by_job", 1L);
    Map<String, Map<String, Object>> state = state("b");
    assertThat(state.get(id(1))).containsEntry("status", "succeeded");
    assertThat(state.get(id(2)))
        .containsEntry("status", "succeeded")
        .containsEntry("generation", 1L);
  }
}
