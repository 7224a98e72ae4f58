package dev.ittybatch.local.run;

import dev.ittybatch.local.cloudtasks.QueueStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What {@code run-local} prints at the end: the queries of {@code sql/queries} as query jobs on the
 * BigQuery stand-in, and what the stand-ins saw, which is the proof of the run.
 */
final class Summary {

  private Summary() {}

  static void print(LocalPipeline pipeline, String batchId, PrintStream out) {
    Map<String, List<Map<String, Object>>> reports = pipeline.results().reports(batchId);
    out.println();
    for (String name :
        List.of(
            "progress_by_status", "processing_time_by_kind", "throughput_per_minute", "failures")) {
      out.println("== " + name + " (sql/queries/" + name + ".sql)");
      Tables.print(reports.get(name), out);
      out.println();
    }
    QueueStats queue = pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH);
    out.printf(
        "Cloud Tasks emulator: %d tasks, %d dispatches (%d answered at the front door), %d dropped;"
            + " at most %d dispatches in any second%n",
        queue.created(),
        queue.attempts(),
        queue.frontDoorFailures(),
        queue.dropped(),
        queue.maxDispatchesInAnySecond());
    Map<String, Long> ittybit = pipeline.ittybit().counters();
    out.printf(
        "Ittybit simulator: %d jobs for %d create requests (%d job fetches); most jobs for one"
            + " entry: %d%n",
        ittybit.get("jobs"),
        ittybit.get("creates"),
        ittybit.get("fetches"),
        pipeline.ittybit().maxJobsPerEntry());
    out.printf(
        "  faults: %d answered 429, %d answered 5xx, %d answers lost after the job was made,"
            + " %d idempotent replays, %d idempotency conflicts, %d bad keys%n",
        ittybit.get("rate_limited"),
        ittybit.get("server_errors") + ittybit.get("unavailable"),
        ittybit.get("lost_answers"),
        ittybit.get("idempotent_replays"),
        ittybit.get("idempotency_conflicts"),
        ittybit.get("bad_keys"));
    out.printf(
        "  webhooks: %d deliveries (%d redeliveries, %d refused while the endpoint was down),"
            + " %d never sent; forged %d, believed %d%n",
        ittybit.get("webhook_deliveries"),
        ittybit.get("webhook_redeliveries"),
        ittybit.get("webhooks_refused_in_outage"),
        ittybit.get("webhooks_never_sent"),
        ittybit.get("forged_webhooks"),
        ittybit.get("forged_webhooks_believed"));
    Map<String, Object> integrity = reports.get("outcome_integrity").get(0);
    out.printf(
        "Integrity (sql/queries/outcome_integrity.sql): %s entries with conflicting outcomes, %s"
            + " outcomes without a dispatch (%s handler verdicts overruled by the job's outcome)%n",
        integrity.get("entries_with_conflicting_outcomes"),
        integrity.get("outcomes_without_dispatch"),
        integrity.get("verdicts_overruled_by_job"));
    out.println("Results: " + pipeline.database() + " (the BigQuery stand-in's DuckDB file)");
    out.println("  open it once this run has stopped, with the DuckDB CLI: duckdb FILE, then e.g.");
    out.println("  SELECT * FROM ittybatch.task_results_latest;");
    out.println(
        "  or: duckdb "
            + pipeline.database()
            + " \"SELECT status, count(*) FROM ittybatch.task_results_latest GROUP BY ALL\"");
    out.println("Log: " + pipeline.logFile());
  }
}
