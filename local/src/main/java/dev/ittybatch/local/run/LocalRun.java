package dev.ittybatch.local.run;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.manifest.ManifestException;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.local.cloudtasks.QueueStats;
import dev.ittybatch.local.ittybit.Faults;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run-local MANIFEST [options]}: starts the emulator, the simulator and the three services,
 * runs the orchestrator on the manifest, shows progress until every entry has an outcome, prints
 * the progress queries of {@code sql/queries} as run on DuckDB, and stops everything it started (on
 * Ctrl-C too). Exits 0 when every entry has an outcome.
 */
public final class LocalRun {

  /** Every option, its default and its meaning, stated once: the usage text is made from this. */
  private static final List<String[]> OPTIONS =
      List.of(
          new String[] {"batch-id", "", "default: from the manifest name"},
          new String[] {"rate", "50", "queue dispatches per second"},
          new String[] {"concurrency", "50", "queue max concurrent dispatches"},
          new String[] {"max-attempts", "10", "task-handler attempts (the queue has 2 more)"},
          new String[] {
            "time-scale", "20", "divide backoff, redelivery and key-lifetime waits by X"
          },
          new String[] {"processing-ms", "1500", "simulated Ittybit processing time"},
          new String[] {"front-door", "0.01", "share of attempts that never reach the handler"},
          new String[] {"rate-limited", "0.05", "share of creates answered 429"},
          new String[] {"server-errors", "0.02", "share of creates answered 5xx"},
          new String[] {"unavailable", "0", "share of inputs whose every create is answered 503"},
          new String[] {"rejected", "0.02", "share of inputs Ittybit rejects with 400"},
          new String[] {"failed", "0.03", "share of jobs that fail"},
          new String[] {"lost-answers", "0.02", "share of creates whose job is made, answer lost"},
          new String[] {"duplicate-webhooks", "0.10", "share of webhooks delivered twice"},
          new String[] {"lost-webhooks", "0", "share of jobs whose webhook never comes"},
          new String[] {"forged-webhooks", "0.01", "share of jobs followed by a forged webhook"},
          new String[] {"webhook-outage", "0", "seconds the webhook endpoint is down"},
          new String[] {"webhook-outage-after", "5", "seconds after the first job it goes down"},
          new String[] {"timeout", "900", "give up waiting after this many seconds"},
          new String[] {"data-dir", "ittybatch-data", "where the DuckDB file and log go"},
          new String[] {"strict", null, "refuse the manifest if any line is invalid"});

  private static String usage() {
    StringBuilder usage = new StringBuilder("usage: run-local MANIFEST [options]\n");
    for (String[] option : OPTIONS) {
      String name = option[1] == null ? "--" + option[0] : "--" + option[0] + "=X";
      String fallback =
          option[1] == null || option[1].isEmpty() ? "" : " (default " + option[1] + ")";
      usage.append(String.format("  %-26s %s%s%n", name, option[2], fallback));
    }
    return usage.toString();
  }

  private static final Duration STUCK_AFTER = Duration.ofSeconds(20);

  private LocalRun() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        options.put(
            eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
      } else {
        positional.add(arg);
      }
    }
    if (options.containsKey("help")) {
      out.print(usage());
      return 0;
    }
    for (String given : options.keySet()) {
      if (OPTIONS.stream().noneMatch(option -> option[0].equals(given))) {
        err.println("run-local: unknown option --" + given);
        err.print(usage());
        return 64;
      }
    }
    if (positional.size() != 1) {
      err.print(usage());
      return 64;
    }
    Path manifest = Path.of(positional.get(0)).toAbsolutePath();
    LocalPipeline.Settings settings;
    String batchId;
    Duration timeout;
    try {
      settings =
          new LocalPipeline.Settings(
              Path.of(text(options, "data-dir")),
              integer(options, "rate"),
              integer(options, "concurrency"),
              integer(options, "max-attempts"),
              Duration.ofSeconds(10),
              Duration.ofSeconds(300),
              decimal(options, "time-scale"),
              Duration.ofMillis(integer(options, "processing-ms")),
              share(options, "front-door"),
              new Faults(
                  share(options, "rate-limited"),
                  share(options, "server-errors"),
                  share(options, "unavailable"),
                  share(options, "rejected"),
                  share(options, "failed"),
                  share(options, "lost-answers"),
                  LocalPipeline.ITTYBIT_READ_TIMEOUT.plusSeconds(1),
                  share(options, "duplicate-webhooks"),
                  share(options, "lost-webhooks"),
                  share(options, "forged-webhooks"),
                  Duration.ofMillis((long) (decimal(options, "webhook-outage-after") * 1000)),
                  Duration.ofMillis((long) (decimal(options, "webhook-outage") * 1000))));
      batchId =
          options.containsKey("batch-id")
              ? new BatchId(options.get("batch-id")).value()
              : BatchId.fromManifestName(manifest.toString()).value();
      timeout = Duration.ofSeconds(integer(options, "timeout"));
    } catch (IllegalArgumentException e) {
      err.println("run-local: " + e.getMessage());
      err.print(usage());
      return 64;
    }

    int expected;
    try {
      expected = distinctValidEntries(manifest);
    } catch (NoSuchFileException e) {
      err.println("run-local: " + manifest + ": no such file");
      return 2;
    } catch (IOException | ManifestException e) {
      err.println("run-local: " + e.getMessage());
      return 2;
    }
    out.printf(
        "ittybatch local run: %s, batch %s, %d entries; queue %d/s, %d concurrent, %d attempts%n",
        manifest.getFileName(),
        batchId,
        expected,
        settings.rate(),
        settings.maxConcurrentDispatches(),
        settings.maxAttempts());
    out.println(
        "starting the Cloud Tasks emulator, the Ittybit simulator and the three services...");

    try (LocalPipeline pipeline = new LocalPipeline(settings)) {
      Thread stopper = new Thread(pipeline::close, "run-local-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      List<String> orchestratorArgs = new ArrayList<>();
      orchestratorArgs.add("--manifest=" + manifest);
      orchestratorArgs.add("--batch-id=" + batchId);
      if (!options.containsKey("strict")) {
        orchestratorArgs.add("--skip-invalid");
        orchestratorArgs.add(
            "--rejects="
                + settings.dataDir().resolve("rejects-" + batchId + ".jsonl").toAbsolutePath());
      }
      out.println("enqueueing (invalid lines, if any, are listed below and skipped)...");
      int enqueued = pipeline.enqueue(orchestratorArgs.toArray(String[]::new));
      if (enqueued != 0) {
        err.println("run-local: the orchestrator exited " + enqueued + "; nothing more to do.");
        return enqueued;
      }
      boolean complete = watch(pipeline, batchId, expected, timeout, out);
      summarise(pipeline, batchId, out);
      Runtime.getRuntime().removeShutdownHook(stopper);
      if (!complete) {
        err.println("run-local: stopped waiting before every entry had an outcome (see above)");
        return 1;
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("run-local: " + e.getMessage());
      return 1;
    }
  }

  private static boolean watch(
      LocalPipeline pipeline, String batchId, int expected, Duration timeout, PrintStream out) {
    boolean live = System.console() != null;
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long lastPrinted = 0;
    long lastDone = -1;
    long lastChange = System.nanoTime();
    while (true) {
      Map<String, Object> progress = pipeline.progress(batchId);
      QueueStats queue = pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH);
      long done = number(progress, "done");
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = done / Math.max(seconds, 0.001);
      String eta = rate > 0 && done < expected ? Math.round((expected - done) / rate) + "s" : "-";
      int width = 24;
      int filled = expected == 0 ? width : (int) Math.min(width, done * width / expected);
      String line =
          String.format(
              "[%s%s] %d/%d %3d%% | enqueued %d | in flight %d | succeeded %d | failed %d |"
                  + " rejected %d | dispatch_failed %d | %.1f/s | ETA %s",
              "#".repeat(filled),
              ".".repeat(width - filled),
              done,
              expected,
              expected == 0 ? 100 : done * 100 / expected,
              queue.created(),
              number(progress, "in_flight"),
              number(progress, "succeeded"),
              number(progress, "failed") + number(progress, "cancelled"),
              number(progress, "rejected"),
              number(progress, "dispatch_failed"),
              rate,
              eta);
      boolean finished = done >= expected;
      if (done != lastDone) {
        lastDone = done;
        lastChange = System.nanoTime();
      }
      // Nothing left in the queue, every entry dispatched, and no outcome for a while: the rest
      // wait for webhooks that are not coming. Stop waiting and say so.
      boolean stuck =
          !finished
              && queue.pending() == 0
              && done + number(progress, "in_flight") >= expected
              && System.nanoTime() - lastChange > STUCK_AFTER.toNanos();
      if (live) {
        out.print("\r" + line);
        if (finished) {
          out.println();
        }
      } else if (finished || System.nanoTime() - lastPrinted > 2_000_000_000L) {
        out.println(line);
        lastPrinted = System.nanoTime();
      }
      if (finished) {
        return true;
      }
      if (stuck || System.nanoTime() > deadline) {
        if (live) {
          out.println();
        }
        if (!stuck) {
          out.printf("timed out after %d s%n", timeout.toSeconds());
        } else {
          out.printf(
              "%d entries were dispatched but no outcome has arrived for %d s: their webhooks"
                  + " were lost. Their jobs can be fetched to settle them.%n",
              expected - done, STUCK_AFTER.toSeconds());
        }
        return false;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void summarise(LocalPipeline pipeline, String batchId, PrintStream out) {
    Map<String, Object> reports = pipeline.reports(batchId);
    out.println();
    for (String name :
        List.of(
            "progress_by_status", "processing_time_by_kind", "throughput_per_minute", "failures")) {
      out.println("== " + name + " (sql/queries/" + name + ".sql)");
      Tables.print((List<Map<String, Object>>) reports.get(name), out);
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
    Map<String, Object> integrity =
        ((List<Map<String, Object>>) reports.get("outcome_integrity")).get(0);
    out.printf(
        "Integrity (sql/queries/outcome_integrity.sql): %s entries with conflicting outcomes, %s"
            + " outcomes without a dispatch%n",
        integrity.get("entries_with_conflicting_outcomes"),
        integrity.get("outcomes_without_dispatch"));
    out.println("Results: " + pipeline.database());
    out.println("  query it once this run has stopped, e.g. with the DuckDB CLI:");
    out.println(
        "  duckdb "
            + pipeline.database()
            + " \"SELECT status, count(*) FROM ittybatch.task_results_latest GROUP BY ALL\"");
    out.println("Log: " + pipeline.logFile());
  }

  /** Entries the run waits for: valid lines, counted once per entry id. */
  static int distinctValidEntries(Path manifest) throws IOException {
    Set<String> ids = new HashSet<>();
    try (ManifestReader reader =
        ManifestReader.open(Files.newInputStream(manifest), manifest.toString())) {
      reader.forEachRemaining(
          record -> {
            if (record instanceof ManifestRecord.Valid valid) {
              ids.add(valid.entry().entryId().value());
            }
          });
    }
    return ids.size();
  }

  private static long number(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static String text(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value != null) {
      return value;
    }
    return OPTIONS.stream()
        .filter(option -> option[0].equals(name))
        .findFirst()
        .map(option -> option[1])
        .orElseThrow();
  }

  private static int integer(Map<String, String> options, String name) {
    String value = text(options, name);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, found " + value);
    }
  }

  private static double decimal(Map<String, String> options, String name) {
    String value = text(options, name);
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, found " + value);
    }
  }

  private static double share(Map<String, String> options, String name) {
    double value = decimal(options, name);
    if (value < 0 || value > 1) {
      throw new IllegalArgumentException("--" + name + " is a share from 0 to 1, found " + value);
    }
    return value;
  }
}
