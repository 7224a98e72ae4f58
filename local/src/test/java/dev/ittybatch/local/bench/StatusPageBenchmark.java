package dev.ittybatch.local.bench;

import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.TableId;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.DispatchAttempt;
import dev.ittybatch.common.results.DispatchOutcome;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultRowBuilder;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.local.testing.DataStandIns;
import dev.ittybatch.orchestrator.batch.BatchQueries;
import dev.ittybatch.orchestrator.status.StatusServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status page and the failures export over the BigQuery stand-in seeded with a batch of ENTRIES
 * (the ledger by load jobs, results by insertAll; a mix of outcomes over an hour), read the way
 * run-local and {@code deploy.sh status --web} read it: query jobs, as the operator. Prints each
 * query's median, the page's median and worst time over 20 loads, and the CSV's rows and time. Run
 * through {@code bench/page.sh [ENTRIES] [SUCCEEDED_PERCENT]}: {@code bench/page.sh 1000000 0}
 * makes every entry a row of the failures export.
 */
public final class StatusPageBenchmark {

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int succeededPercent = args.length > 1 ? Integer.parseInt(args[1]) : 90;
    Path dir = Files.createTempDirectory("page-bench");
    try (DataStandIns standIns = new DataStandIns(dir)) {
      long seeding = System.nanoTime();
      seed(standIns, entries, succeededPercent);
      System.out.printf(
          "seeded %,d entries in %.1f s%n", entries, (System.nanoTime() - seeding) / 1e9);
      JsonMapper json = JsonMapper.builder().build();
      BatchQueries direct =
          BatchQueries.onBigQuery(
              standIns.bigQuery(DataStandIns.OPERATOR),
              DatasetId.of(DataStandIns.PROJECT, DataStandIns.DATASET),
              DataStandIns.LOCATION);
      for (String q :
          List.of(
              "batches",
              "progress_summary",
              "outcomes_over_time",
              "processing_time_by_kind",
              "dispatch_attempts",
              "latest_failures",
              "latest_outputs")) {
        long[] took = new long[7];
        for (int round = -1; round < took.length; round++) {
          long t = System.nanoTime();
          direct.stream(q, q.equals("batches") ? Map.of() : Map.of("batch_id", "bench"), row -> {});
          if (round >= 0) {
            took[round] = System.nanoTime() - t;
          }
        }
        Arrays.sort(took);
        System.out.printf("  %s: median %.0f ms%n", q, took[took.length / 2] / 1e6);
      }
      try (StatusServer server = new StatusServer(direct, json, 0)) {
        HttpClient http = HttpClient.newHttpClient();
        URI page = URI.create(server.url("bench"));
        long[] times = new long[20];
        for (int i = -3; i < times.length; i++) {
          long start = System.nanoTime();
          HttpResponse<String> answer =
              http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() != 200 || !answer.body().contains("id=\"total\">" + entries)) {
            throw new IllegalStateException(
                "the page did not show the batch: " + answer.statusCode());
          }
          if (i >= 0) {
            times[i] = System.nanoTime() - start;
          }
        }
        Arrays.sort(times);
        long start = System.nanoTime();
        long rows = 0;
        HttpResponse<java.io.InputStream> csv =
            http.send(
                HttpRequest.newBuilder(URI.create(server.url("bench") + "/failures.csv")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader text =
            new BufferedReader(new InputStreamReader(csv.body(), StandardCharsets.UTF_8))) {
          // Records, not lines: a quoted message may hold a line break.
          boolean quoted = false;
          for (int c = text.read(); c != -1; c = text.read()) {
            if (c == '"') {
              quoted = !quoted;
            } else if (c == '\n' && !quoted) {
              rows++;
            }
          }
        }
        System.out.printf(
            "%,d entries: page median %.0f ms, worst %.0f ms over %d loads; failures.csv %,d rows"
                + " in %.1f s; heap max %,d MiB%n",
            entries,
            times[times.length / 2] / 1e6,
            times[times.length - 1] / 1e6,
            times.length,
            rows - 1,
            (System.nanoTime() - start) / 1e9,
            Runtime.getRuntime().maxMemory() >> 20);
      }
    }
  }

  /** A batch over an hour: some share succeeded, the rest failed, dispatched or pending. */
  static void seed(DataStandIns standIns, int entries, int succeededPercent) throws Exception {
    try (BigQueryResultsStore store =
        new BigQueryResultsStore(
            standIns.bigQuery("ittybatch-webhook@local.iam.gserviceaccount.com"),
            TableId.of(DataStandIns.PROJECT, DataStandIns.DATASET, "task_results"),
            5000,
            Duration.ZERO,
            Duration.ofMinutes(5))) {
      {
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        BatchId batch = new BatchId("bench");
        List<LedgerEntry> chunk = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
          EntryIdentity id = new EntryIdentity(batch, new EntryId(String.format("%032x", i)));
          String path = "gs://media/v/" + i + ".mov";
          chunk.add(
              new LedgerEntry(
                  "bench",
                  id.entryId().value(),
                  i + 1,
                  path,
                  "video",
                  0,
                  "projects/p/locations/l/queues/q/tasks/" + id.taskId(),
                  t0,
                  "r",
                  t0));
          Instant at = t0.plusMillis(3_600_000L * i / entries);
          // Succeeded, or else failed, dispatched and pending in turn.
          boolean succeeded = i % 100 < succeededPercent;
          int fate = succeeded ? 0 : i % 3;
          if (fate != 2) {
            rows.add(
                ResultRow.fromDispatch(
                    new DispatchAttempt(id, 0, 1 + i % 3, "video", path),
                    new DispatchOutcome(ResultStatus.DISPATCHED, "job_" + i, null, null),
                    at));
          }
          if (succeeded) {
            rows.add(
                ResultRowBuilder.row(
                        "derived-job_" + i + "-succeeded",
                        ResultStatus.SUCCEEDED,
                        at.plusSeconds(30))
                    .batchId("bench")
                    .entryId(id.entryId().value())
                    .jobId("job_" + i)
                    .kind("video")
                    .durationMs(30_000L)
                    .createdAt(at)
                    .completedAt(at.plusSeconds(30))
                    .origin("webhook")
                    .generation(0)
                    .build());
          } else if (fate == 0) {
            rows.add(
                ResultRowBuilder.row(
                        "derived-job_" + i + "-failed", ResultStatus.FAILED, at.plusSeconds(30))
                    .batchId("bench")
                    .entryId(id.entryId().value())
                    .jobId("job_" + i)
                    .kind("video")
                    .error("processing_failed", "bad, \"very\"\nbad")
                    .completedAt(at.plusSeconds(30))
                    .origin("webhook")
                    .generation(0)
                    .build());
          }
          if (chunk.size() == 20_000) {
            standIns.load("batch_entries", chunk);
            store.record(rows);
            chunk.clear();
            rows.clear();
          }
        }
        standIns.load("batch_entries", chunk);
        store.record(rows);
      }
    }
  }
}
