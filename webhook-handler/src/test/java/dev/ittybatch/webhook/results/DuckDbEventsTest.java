package dev.ittybatch.webhook.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.results.ResultStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch events and the dispatched-job lookup on a real DuckDB file, through the shared SQL. */
class DuckDbEventsTest {

  static final Instant T0 = DuckDbLedgerTest.T0;

  @TempDir Path dir;
  DuckDbResultsStore store;
  DuckDbLedger ledger;
  DuckDbEvents events;

  @BeforeEach
  void open() {
    store =
        new DuckDbResultsStore(
            dir.resolve("results.duckdb"), 500, Duration.ofMillis(2), Duration.ofSeconds(4));
    ledger = new DuckDbLedger(store);
    events = new DuckDbEvents(store);
  }

  @AfterEach
  void close() throws Exception {
    events.close();
    ledger.close();
    store.close();
  }

  static BatchEvent event(BatchEvent.Kind kind, String batch, String reason, Instant at) {
    return BatchEvent.of(kind, batch, reason, null, "test", at, reason);
  }

  List<Map<String, Object>> batchEvents(String batch) {
    List<Map<String, Object>> rows = new ArrayList<>();
    ledger.stream("batch_events", Map.of("batch_id", batch), rows::add);
    return rows;
  }

  @Test
  void showsTheLatestEventOfEachKindWithItsCountAndEventsOfNoOneBatch() {
    ledger.recordRun(
        new BatchRun(
            "lib", "run-1", "enqueue", "m.jsonl", null, 10L, null, 0L, 0, 1, null, null, T0, null));
    BatchEvent tripped =
        event(BatchEvent.Kind.BREAKER_TRIPPED, "lib", "400 request_invalid", T0.plusSeconds(10));
    events.append(
        List.of(
            tripped,
            tripped,
            event(BatchEvent.Kind.WEBHOOK_UNPLACED, null, "task task_1", T0.plusSeconds(20)),
            event(BatchEvent.Kind.WEBHOOK_UNPLACED, "lib", "entry e", T0.plusSeconds(30)),
            event(BatchEvent.Kind.WEBHOOK_UNPLACED, null, "before the batch", T0.minusSeconds(5)),
            event(BatchEvent.Kind.RESUMED, null, "queue resumed", T0.plusSeconds(40)),
            event(BatchEvent.Kind.BREAKER_TRIPPED, "other", "not ours", T0.plusSeconds(50))));

    List<Map<String, Object>> rows = batchEvents("lib");

    assertThat(rows)
        .extracting(row -> row.get("kind"))
        .containsExactly("resumed", "webhook_unplaced", "breaker_tripped");
    assertThat(rows.get(1))
        .containsEntry("reason", "entry e")
        .containsEntry("events", 2L)
        .as("the unplaced delivery of another time is not this batch's");
    assertThat(rows.get(2))
        .containsEntry("events", 1L)
        .as("recorded twice with one id: once")
        .containsEntry("occurred_at", T0.plusSeconds(10));
  }

  @Test
  void findsTheJobOfAnEntrysDispatchedRowOfThatGeneration() {
    store.record(
        List.of(
            DuckDbLedgerTest.row("lib", 1, ResultStatus.DISPATCHED, 0, T0),
            DuckDbLedgerTest.row("lib", 1, ResultStatus.DISPATCHED, 1, T0.plusSeconds(5)),
            DuckDbLedgerTest.row("lib", 2, ResultStatus.REJECTED, 0, T0)));

    assertThat(events.jobOf(DuckDbResultsStoreTest.id("lib", 1), 0)).hasValue("job_1_0");
    assertThat(events.jobOf(DuckDbResultsStoreTest.id("lib", 1), 1)).hasValue("job_1_1");
    assertThat(events.jobOf(DuckDbResultsStoreTest.id("lib", 1), 2)).isEmpty();
    assertThat(events.jobOf(DuckDbResultsStoreTest.id("lib", 2), 0)).isEmpty();
  }

  @Test
  void aClaimIsTakenByTheFirstCallerOnlyAndPerBatch() {
    assertThat(events.claim("lib", "done-1")).isTrue();
    assertThat(events.claim("lib", "done-1")).isFalse();
    assertThat(events.claim("lib", "done-2")).isTrue();
    assertThat(events.claim("lib-2", "done-1")).as("another batch's name").isTrue();
  }

  @Test
  void theLifeOfABatchKeepsItsOwnResumeApartFromTheWholeQueues() {
    ledger.recordRun(
        new BatchRun(
            "lib", "run-1", "enqueue", "m.jsonl", null, 10L, null, 0L, 0, 1, null, null, T0, null));
    events.append(event(BatchEvent.Kind.PAUSED, "lib", "paused", T0.plusSeconds(10)));
    events.append(event(BatchEvent.Kind.RESUMED, "lib", "batch resumed", T0.plusSeconds(20)));
    events.append(event(BatchEvent.Kind.RESUMED, null, "queue resumed", T0.plusSeconds(30)));
    events.append(event(BatchEvent.Kind.WEBHOOK_UNPLACED, null, "unplaced", T0.plusSeconds(31)));
    events.append(event(BatchEvent.Kind.PAUSED, "other", "not this one", T0.plusSeconds(40)));

    List<Map<String, Object>> life = new ArrayList<>();
    ledger.stream("batch_life", Map.of("batch_id", "lib"), life::add);

    assertThat(life)
        .extracting(
            row ->
                row.get("kind")
                    + "/"
                    + row.get("whole_queue")
                    + "/"
                    + row.get("reason")
                    + "/"
                    + row.get("in_force"))
        .containsExactly(
            "batch_started/false/null/null",
            "last_run/false/null/null",
            "paused/false/paused/false",
            "resumed/false/batch resumed/null",
            "resumed/true/queue resumed/null");
    assertThat(life.get(0)).containsEntry("events", 1L);

    // Paused again, then only the whole queue resumed: the pause holds; a breaker's stop would not.
    events.append(event(BatchEvent.Kind.PAUSED, "lib", "paused again", T0.plusSeconds(50)));
    events.append(event(BatchEvent.Kind.BREAKER_TRIPPED, "lib", "refused", T0.plusSeconds(55)));
    events.append(event(BatchEvent.Kind.RESUMED, null, "queue resumed again", T0.plusSeconds(60)));
    List<Map<String, Object>> again = new ArrayList<>();
    ledger.stream("batch_life", Map.of("batch_id", "lib"), again::add);
    assertThat(again)
        .filteredOn(row -> row.get("in_force") != null)
        .extracting(row -> row.get("kind") + "=" + row.get("in_force"))
        .containsExactlyInAnyOrder("paused=true", "breaker_tripped=false");
  }
}
