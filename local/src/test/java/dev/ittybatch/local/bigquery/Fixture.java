package dev.ittybatch.local.bigquery;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.DispatchAttempt;
import dev.ittybatch.common.results.DispatchOutcome;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultRowBuilder;
import dev.ittybatch.common.results.ResultStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small batch with one of everything the queries tell apart: every status, a re-drive, a
 * redelivered event, an event attributed through its job, an entry with rows but no ledger row, an
 * entry with a ledger row and no rows, and another batch that must not leak in.
 */
final class Fixture {

  static final String BATCH = "lib";
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00.123456Z");

  private Fixture() {}

  static EntryIdentity id(int entry) {
    return new EntryIdentity(new BatchId(BATCH), new EntryId(String.format("%032x", entry)));
  }

  static String entryId(int entry) {
    return id(entry).entryId().value();
  }

  static ResultRow dispatched(int entry, int generation, String job, long second) {
    return ResultRow.fromDispatch(
        new DispatchAttempt(
            id(entry), generation, 1 + generation, "video", "gs://media-lib/v/" + entry + ".mov"),
        new DispatchOutcome(ResultStatus.DISPATCHED, job, null, null),
        T0.plusSeconds(second));
  }

  static ResultRow outcome(
      int entry, int generation, ResultStatus status, String kind, long second, String event) {
    boolean succeeded = status == ResultStatus.SUCCEEDED;
    return ResultRowBuilder.row(event, status, T0.plusSeconds(second))
        .batchId(BATCH)
        .entryId(entryId(entry))
        .jobId("job_" + entry + "_" + generation)
        .kind(kind)
        .source("media-lib", "v/" + entry + ".mov")
        .outputUrl(succeeded ? "https://cdn.example/" + entry + ".mp4" : null)
        .width(succeeded ? 1920L : null)
        .height(succeeded ? 1080L : null)
        .duration(succeeded ? 12.5 + entry : null)
        .format(succeeded ? "mp4" : null)
        .durationMs(1000L * entry)
        .createdAt(T0.plusSeconds(second - 5))
        .completedAt(T0.plusSeconds(second))
        .error(
            succeeded ? null : "processing_failed", succeeded ? null : "entry " + entry + " failed")
        .origin("webhook")
        .generation(generation)
        .build();
  }

  static List<ResultRow> results() {
    List<ResultRow> rows = new ArrayList<>();
    rows.add(dispatched(1, 0, "job_1_0", 1));
    rows.add(outcome(1, 0, ResultStatus.SUCCEEDED, "video", 30, "evt_1"));
    rows.add(dispatched(2, 0, "job_2_0", 2));
    rows.add(outcome(2, 0, ResultStatus.FAILED, "video", 35, "evt_2"));
    rows.add(dispatched(3, 0, "job_3_0", 3));
    rows.add(outcome(3, 0, ResultStatus.FAILED, "video", 20, "evt_3"));
    rows.add(dispatched(3, 1, "job_3_1", 55));
    rows.add(
        ResultRow.fromDispatch(
            new DispatchAttempt(id(4), 0, 1, "image", "gs://media-lib/v/4.png"),
            new DispatchOutcome(
                ResultStatus.REJECTED,
                null,
                "object_not_found",
                "gs://media-lib/v/4.png does not exist"),
            T0.plusSeconds(10)));
    rows.add(
        ResultRow.fromDispatch(
            new DispatchAttempt(id(5), 0, 3, "video", "gs://media-lib/v/5.mov"),
            new DispatchOutcome(
                ResultStatus.DISPATCH_FAILED, null, "ittybit_unavailable", "503 three times"),
            T0.plusSeconds(12)));
    rows.add(dispatched(6, 0, "job_6_0", 6));
    // A task-level event without the job's metadata: attributed through job_6_0's dispatched row.
    rows.add(
        ResultRowBuilder.row("evt_6", ResultStatus.SUCCEEDED, T0.plusSeconds(70))
            .jobId("job_6_0")
            .kind("video")
            .durationMs(6000L)
            .completedAt(T0.plusSeconds(70))
            .origin("webhook")
            .build());
    rows.add(dispatched(7, 0, "job_7_0", 5));
    rows.add(outcome(8, 0, ResultStatus.SUCCEEDED, "audio", 90, "evt_8"));
    rows.add(
        ResultRowBuilder.row("lost-" + id(9).taskId(), ResultStatus.LOST, T0.plusSeconds(100))
            .batchId(BATCH)
            .entryId(entryId(9))
            .kind("video")
            .origin("reconcile")
            .generation(0)
            .build());
    rows.add(outcome(11, 0, ResultStatus.SUCCEEDED, "image", 95, "evt_11"));
    rows.add(outcome(12, 0, ResultStatus.CANCELLED, "video", 61, "evt_12"));
    rows.add(
        ResultRowBuilder.row("evt_other", ResultStatus.SUCCEEDED, T0.plusSeconds(3))
            .batchId("other")
            .entryId(entryId(1))
            .jobId("job_other")
            .kind("video")
            .durationMs(99_000L)
            .origin("webhook")
            .build());
    return rows;
  }

  static List<LedgerEntry> ledger() {
    List<LedgerEntry> entries = new ArrayList<>();
    for (int entry : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12}) {
      entries.add(entry(entry, 0, 0));
    }
    entries.add(entry(3, 1, 50));
    return entries;
  }

  static LedgerEntry entry(int entry, int generation, long second) {
    return new LedgerEntry(
        BATCH,
        entryId(entry),
        entry,
        "gs://media-lib/v/" + entry + ".mov",
        "video",
        generation,
        "projects/p/locations/l/queues/q/tasks/" + id(entry).taskId(generation),
        T0.minusSeconds(60),
        "run-" + generation,
        T0.plusSeconds(second));
  }

  static List<BatchRun> runs() {
    BatchRun enqueue =
        new BatchRun(
            BATCH,
            "run-0",
            "enqueue",
            "gs://manifests/lib.jsonl",
            "1700000000000000",
            11L,
            "{\"video\":9,\"image\":1,\"audio\":1}",
            1L,
            0,
            1,
            null,
            null,
            T0,
            null);
    BatchRun retry =
        new BatchRun(
            BATCH,
            "run-1",
            "retry",
            "gs://manifests/lib.jsonl",
            "1700000000000000",
            11L,
            null,
            0L,
            0,
            1,
            null,
            null,
            T0.plusSeconds(45),
            null);
    return List.of(
        enqueue,
        new BatchRun(
            BATCH,
            "run-0",
            "enqueue",
            "gs://manifests/lib.jsonl",
            "1700000000000000",
            11L,
            "{\"video\":9,\"image\":1,\"audio\":1}",
            1L,
            0,
            1,
            11L,
            0L,
            T0,
            T0.plusSeconds(5)),
        retry,
        new BatchRun(
            "other",
            "run-x",
            "enqueue",
            null,
            null,
            1L,
            null,
            0L,
            0,
            1,
            1L,
            0L,
            T0.minusSeconds(3600),
            null));
  }

  /**
   * BigQuery's TIMESTAMP text with an explicit offset, as the orchestrator's ledger files carry.
   */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  /**
   * Rows as a ledger file: one JSON object a line, in the form of
   * orchestrator/batch/BigQueryBatchStore.
   */
  static byte[] ndjson(List<?> rows) {
    JsonMapper json = JsonMapper.builder().build();
    StringBuilder out = new StringBuilder();
    for (Object row : rows) {
      ObjectNode node = json.valueToTree(row);
      for (String field : List.of("enqueued_at", "recorded_at", "started_at", "finished_at")) {
        if (node.hasNonNull(field)) {
          node.put(field, TIMESTAMP.format(Instant.parse(node.get(field).asString())));
        }
      }
      out.append(json.writeValueAsString(node)).append('\n');
    }
    return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
