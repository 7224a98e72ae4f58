package dev.ittybatch.webhook.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real DuckDB file, and the shared SQL of {@code sql/} run on it. */
class DuckDbResultsStoreTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;
  DuckDbResultsStore store;

  @BeforeEach
  void open() {
    store =
        new DuckDbResultsStore(
            dir.resolve("results.duckdb"), 500, Duration.ofMillis(2), Duration.ofSeconds(4));
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  static EntryIdentity id(String batch, int entry) {
    return new EntryIdentity(new BatchId(batch), new EntryId(String.format("%032x", entry)));
  }

  static ResultRow dispatched(String batch, int entry, String job, Instant at) {
    return ResultRow.fromDispatch(
        id(batch, entry),
        ResultStatus.DISPATCHED,
        "video",
        "gs://media-lib/" + entry,
        job,
        null,
        null,
        0,
        1,
        at);
  }

  static ResultRow outcome(
      String batch,
      int entry,
      ResultStatus status,
      String kind,
      Long durationMs,
      Instant at,
      String eventId) {
    boolean failed = status == ResultStatus.FAILED;
    return ResultRow.builder(eventId, status, at)
        .batchId(batch)
        .entryId(String.format("%032x", entry))
        .jobId("job_" + entry)
        .kind(kind)
        .source("media-lib", "v/" + entry)
        .outputUrl(status == ResultStatus.SUCCEEDED ? "https://cdn/" + entry : null)
        .durationMs(durationMs)
        .completedAt(at)
        .error(failed ? "invalid_input" : null, failed ? "bad file" : null)
        .origin("webhook")
        .build();
  }

  static ResultRow rejected(String batch, int entry, Instant at) {
    return ResultRow.fromDispatch(
        id(batch, entry),
        ResultStatus.REJECTED,
        "image",
        "gs://media-lib/" + entry,
        null,
        "object_not_found",
        "gs://media-lib/" + entry + " does not exist",
        0,
        1,
        at);
  }

  long latestCount(String batch) {
    return ((Number) store.query("progress_summary", Map.of("batch_id", batch)).get(0).get("total"))
        .longValue();
  }

  /** A row with every column set, each to a value no other column of its type has. */
  static ResultRow everyColumn(String batch, String eventId) {
    return ResultRow.builder(eventId, ResultStatus.SUCCEEDED, T0.plusSeconds(4))
        .batchId(batch)
        .entryId(String.format("%032x", 7))
        .jobId("job_7")
        .kind("video")
        .source("media-lib", "v/7.mov")
        .outputUrl("https://cdn/7.mp4")
        .width(1920L)
        .height(1080L)
        .duration(12.5)
        .format("mp4")
        .durationMs(61_000L)
        .createdAt(T0.plusSeconds(1))
        .startedAt(T0.plusSeconds(2))
        .completedAt(T0.plusSeconds(3))
        .error("kind-x", "message-y")
        .origin("webhook")
        .attempt(3)
        .build();
  }

  static void assertEveryColumn(Map<String, Object> stored, String batch, String eventId) {
    assertThat(stored)
        .containsEntry("event_id", eventId)
        .containsEntry("batch_id", batch)
        .containsEntry("entry_id", String.format("%032x", 7))
        .containsEntry("status", "succeeded")
        .containsEntry("task_id", "job_7")
        .containsEntry("kind", "video")
        .containsEntry("source_bucket", "media-lib")
        .containsEntry("source_key", "v/7.mov")
        .containsEntry("output_url", "https://cdn/7.mp4")
        .containsEntry("width", 1920L)
        .containsEntry("height", 1080L)
        .containsEntry("duration", 12.5)
        .containsEntry("format", "mp4")
        .containsEntry("duration_ms", 61_000L)
        .containsEntry("created_at", T0.plusSeconds(1))
        .containsEntry("started_at", T0.plusSeconds(2))
        .containsEntry("completed_at", T0.plusSeconds(3))
        .containsEntry("error_kind", "kind-x")
        .containsEntry("error_message", "message-y")
        .containsEntry("received_at", T0.plusSeconds(4))
        .containsEntry("origin", "webhook")
        .containsEntry("attempt", 3L);
  }

  @Test
  void theAppenderAndTheFallbackEachPutEveryValueInItsOwnColumn() throws Exception {
    assertThat(store.insert(List.of(everyColumn("appended", "e-1")))).containsOnlyNulls();
    assertThat(store.insertOneByOne(List.of(everyColumn("inserted", "e-2")))).containsOnlyNulls();

    for (String batch : List.of("appended", "inserted")) {
      List<Map<String, Object>> rows =
          store.select("SELECT * FROM ittybatch.task_results WHERE batch_id = ?", batch);
      assertThat(rows).hasSize(1);
      assertEveryColumn(rows.get(0), batch, batch.equals("appended") ? "e-1" : "e-2");
    }
  }

  @Test
  void aRowTheAppenderRefusesFailsAloneAndNoOtherRowIsWrittenTwice() throws Exception {
    // Beyond DuckDB's TIMESTAMP range (and BigQuery's): the appender refuses the whole chunk.
    ResultRow bad =
        outcome(
            "mixed",
            2,
            ResultStatus.SUCCEEDED,
            "video",
            1L,
            Instant.parse("+300000-01-01T00:00:00Z"),
            "bad");
    List<String> problems =
        store.insert(
            List.of(
                outcome("mixed", 1, ResultStatus.SUCCEEDED, "video", 1L, T0, "good-1"),
                bad,
                outcome("mixed", 3, ResultStatus.SUCCEEDED, "video", 1L, T0, "good-3")));

    assertThat(problems).hasSize(3);
    assertThat(problems.get(0)).isNull();
    assertThat(problems.get(1)).isNotNull();
    assertThat(problems.get(2)).isNull();
    assertThat(
            store.select(
                "SELECT event_id, count(*) AS n FROM ittybatch.task_results"
                    + " WHERE batch_id = 'mixed' GROUP BY event_id ORDER BY event_id"))
        .extracting(row -> row.get("event_id") + "=" + row.get("n"))
        .containsExactly("good-1=1", "good-3=1");
  }

  @Test
  void concurrentWritersAllLand() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        int entry = i;
        calls.add(writers.submit(() -> store.record(dispatched("b", entry, "job_" + entry, T0))));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      writers.shutdown();
    }
    assertThat(latestCount("b")).isEqualTo(1000);
  }

  @Test
  void aRedeliveredEventCountsOnce() {
    ResultRow row = outcome("b", 1, ResultStatus.SUCCEEDED, "video", 1000L, T0, "evt_1");
    store.record(row);
    store.record(row);
    store.record(List.of(row, row));
    List<Map<String, Object>> byStatus = store.query("progress_by_status", Map.of("batch_id", "b"));
    assertThat(byStatus).singleElement().satisfies(r -> assertThat(r.get("entries")).isEqualTo(1L));
  }

  @Test
  void aTerminalOutcomeWinsOverDispatchedWhateverTheOrder() {
    // entry 1: webhook first, then the task handler's late dispatched row
    store.record(outcome("b", 1, ResultStatus.SUCCEEDED, "video", 1000L, T0, "evt_a"));
    store.record(dispatched("b", 1, "job_1", T0.plusSeconds(5)));
    // entry 2: the usual order
    store.record(dispatched("b", 2, "job_2", T0));
    store.record(outcome("b", 2, ResultStatus.FAILED, "video", 1000L, T0.plusSeconds(5), "evt_b"));
    // entry 3: still in flight
    store.record(dispatched("b", 3, "job_3", T0));

    Map<String, Object> summary = store.query("progress_summary", Map.of("batch_id", "b")).get(0);
    assertThat(summary)
        .containsEntry("total", 3L)
        .containsEntry("done", 2L)
        .containsEntry("dispatched", 1L)
        .containsEntry("succeeded", 1L)
        .containsEntry("failed", 1L);
  }

  @Test
  void aUsersCancelBeatsDispatchedButAJobsOwnOutcomeBeatsTheCancelWhateverTheOrder() {
    // entry 1: cancelled while its attempt was in flight; the attempt made a job that succeeds
    store.record(cancelledByUser("b", 1, T0));
    store.record(dispatched("b", 1, "job_1", T0.plusSeconds(1)));
    // entry 2: the job succeeded just before the cancel, which had read it as pending
    store.record(dispatched("b", 2, "job_2", T0));
    store.record(outcome("b", 2, ResultStatus.SUCCEEDED, "video", 1000L, T0, "evt_2"));
    store.record(cancelledByUser("b", 2, T0.plusSeconds(2)));
    // entry 3: cancelled before it reached Ittybit
    store.record(cancelledByUser("b", 3, T0));

    Map<String, Object> before = store.query("progress_summary", Map.of("batch_id", "b")).get(0);
    assertThat(before)
        .as("a job still running shows as its entry's cancel until it ends")
        .containsEntry("cancelled", 2L)
        .containsEntry("succeeded", 1L)
        .containsEntry("dispatched", 0L);

    store.record(outcome("b", 1, ResultStatus.SUCCEEDED, "video", 1000L, T0.plusSeconds(9), "e1"));
    Map<String, Object> after = store.query("progress_summary", Map.of("batch_id", "b")).get(0);
    assertThat(after).containsEntry("succeeded", 2L).containsEntry("cancelled", 1L);
  }

  static ResultRow cancelledByUser(String batch, int entry, Instant at) {
    return ResultRow.builder("cancelled-" + entry, ResultStatus.CANCELLED, at)
        .batchId(batch)
        .entryId(String.format("%032x", entry))
        .generation(0)
        .completedAt(at)
        .error("cancelled", "cancelled by deploy/deploy.sh cancel")
        .origin(ResultRow.ORIGIN_USER)
        .build();
  }

  @Test
  void anEventWithoutIdsIsAttributedThroughItsJob() {
    store.record(dispatched("b", 7, "job_77", T0));
    store.record(
        ResultRow.builder("evt_x", ResultStatus.SUCCEEDED, T0.plusSeconds(1))
            .jobId("job_77")
            .kind("video")
            .durationMs(10L)
            .completedAt(T0)
            .origin("webhook")
            .build());
    Map<String, Object> summary = store.query("progress_summary", Map.of("batch_id", "b")).get(0);
    assertThat(summary).containsEntry("total", 1L).containsEntry("succeeded", 1L);
  }

  @Test
  void theProgressQueriesReturnTheExpectedNumbersOverAFixture() {
    // batch "lib": 4 video succeeded (2 s, 4 s, 6 s, 8 s), 2 audio succeeded (1 s, 3 s),
    // 1 failed, 2 rejected, 1 still dispatched; plus another batch that must not leak in.
    int entry = 0;
    long[] videoMs = {2000, 4000, 6000, 8000};
    for (long ms : videoMs) {
      entry++;
      store.record(dispatched("lib", entry, "job_" + entry, T0));
      store.record(
          outcome(
              "lib",
              entry,
              ResultStatus.SUCCEEDED,
              "video",
              ms,
              T0.plusSeconds(30),
              "evt_v" + entry));
    }
    for (long ms : new long[] {1000, 3000}) {
      entry++;
      store.record(
          outcome(
              "lib",
              entry,
              ResultStatus.SUCCEEDED,
              "audio",
              ms,
              T0.plusSeconds(90),
              "evt_a" + entry));
    }
    entry++;
    store.record(
        outcome("lib", entry, ResultStatus.FAILED, "video", 500L, T0.plusSeconds(95), "evt_f"));
    store.record(rejected("lib", ++entry, T0.plusSeconds(10)));
    store.record(rejected("lib", ++entry, T0.plusSeconds(11)));
    store.record(dispatched("lib", ++entry, "job_x", T0.plusSeconds(100)));
    store.record(outcome("other", 1, ResultStatus.SUCCEEDED, "video", 99_000L, T0, "evt_o"));

    Map<String, Object> batch = Map.of("batch_id", "lib");
    Map<String, Object> summary = store.query("progress_summary", batch).get(0);
    assertThat(summary)
        .containsEntry("total", 10L)
        .containsEntry("done", 9L)
        .containsEntry("dispatched", 1L)
        .containsEntry("succeeded", 6L)
        .containsEntry("failed", 1L)
        .containsEntry("rejected", 2L)
        .containsEntry("dispatch_failed", 0L);
    assertThat(((Number) summary.get("percent_done")).doubleValue()).isEqualTo(90.0);

    List<Map<String, Object>> byStatus = store.query("progress_by_status", batch);
    assertThat(byStatus.get(0)).containsEntry("status", "succeeded").containsEntry("entries", 6L);
    assertThat(((Number) byStatus.get(0).get("percent")).doubleValue()).isEqualTo(60.0);

    List<Map<String, Object>> byKind = store.query("processing_time_by_kind", batch);
    assertThat(byKind).hasSize(2);
    assertThat(byKind.get(0)).containsEntry("kind", "audio").containsEntry("succeeded", 2L);
    assertThat(((Number) byKind.get(0).get("avg_processing_seconds")).doubleValue()).isEqualTo(2.0);
    assertThat(((Number) byKind.get(1).get("avg_processing_seconds")).doubleValue()).isEqualTo(5.0);
    assertThat(((Number) byKind.get(1).get("max_processing_seconds")).doubleValue()).isEqualTo(8.0);

    List<Map<String, Object>> perMinute = store.query("throughput_per_minute", batch);
    assertThat(perMinute).hasSize(2);
    assertThat(perMinute.get(0))
        .containsEntry("minute", T0)
        .containsEntry("outcomes", 6L)
        .containsEntry("succeeded", 4L);
    assertThat(perMinute.get(1))
        .containsEntry("minute", T0.plusSeconds(60))
        .containsEntry("outcomes", 3L)
        .containsEntry("not_succeeded", 1L);

    List<Map<String, Object>> failures = store.query("failures", batch);
    assertThat(failures).hasSize(2);
    assertThat(failures.get(0))
        .containsEntry("status", "rejected")
        .containsEntry("error_kind", "object_not_found")
        .containsEntry("entries", 2L);
    assertThat((String) failures.get(0).get("example_source")).startsWith("gs://media-lib/");
    assertThat(failures.get(1)).containsEntry("status", "failed").containsEntry("entries", 1L);
  }

  @Test
  void outcomesOverTimeFitAnyBatchsSpanInAboutSixtyBars() {
    // A batch of 40 seconds, one of 26 hours and one of 200 days: a second, half an hour and a
    // sixtieth of the span (past the ladder's last rung, a day) a bar.
    long[][] spans = {{40, 1, 41}, {26 * 3600, 1800, 53}, {200L * 86400, 200L * 1440 + 1, 61}};
    for (int b = 0; b < spans.length; b++) {
      String batch = "span-" + b;
      long[] span = spans[b];
      for (int i = 0; i <= 120; i++) {
        Instant at = T0.plusSeconds(span[0] * i / 120);
        store.record(outcome(batch, i, ResultStatus.SUCCEEDED, "video", 1L, at, batch + "-" + i));
      }
      List<Map<String, Object>> bars = store.query("outcomes_over_time", Map.of("batch_id", batch));
      assertThat(bars)
          .as("%d s of outcomes", span[0])
          .allSatisfy(bar -> assertThat(bar).containsEntry("bucket_seconds", span[1]))
          .hasSizeBetween(30, (int) span[2]);
      assertThat(bars.stream().mapToLong(bar -> (Long) bar.get("outcomes")).sum()).isEqualTo(121);
    }
  }

  @Test
  void aSecondStoreOnTheSameFileSeesTheRows() throws Exception {
    store.record(rejected("b", 1, T0));
    store.close();
    store =
        new DuckDbResultsStore(
            dir.resolve("results.duckdb"), 500, Duration.ofMillis(2), Duration.ofSeconds(4));
    assertThat(latestCount("b")).isEqualTo(1);
  }
}
