package dev.ittybatch.local.run;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.manifest.ManifestException;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.local.cloudtasks.QueueStats;
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

  private static final String USAGE =
      """
      usage: run-local MANIFEST [options]
        --batch-id=ID            default: from the manifest name
        --rate=N                 queue dispatches per second (default 50)
        --concurrency=N          queue max concurrent dispatches (default 50)
        --max-attempts=N         queue and task-handler attempts (default 10)
        --time-scale=X           divide backoff and redelivery waits by X (default 20)
        --processing-ms=N        simulated Ittybit processing time (default 1500)
        --rate-limited=SHARE     share of creates answered 429 (default 0.05)
        --server-errors=SHARE    share of creates answered 5xx (default 0.02)
        --rejected=SHARE         share of inputs Ittybit rejects with 400 (default 0.02)
        --failed=SHARE           share of jobs that fail (default 0.03)
        --duplicate-webhooks=S   share of webhooks delivered twice (default 0.10)
        --timeout=SECONDS        give up waiting after this long (default 900)
        --data-dir=DIR           where the DuckDB file and log go (default ittybatch-data)
        --strict                 refuse the manifest if any line is invalid
      """;

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
      out.print(USAGE);
      return 0;
    }
    if (positional.size() != 1) {
      err.print(USAGE);
      return 64;
    }
    Path manifest = Path.of(positional.get(0)).toAbsolutePath();
    LocalPipeline.Settings settings;
    String batchId;
    Duration timeout;
    try {
      settings =
          new LocalPipeline.Settings(
              Path.of(options.getOrDefault("data-dir", "ittybatch-data")),
              integer(options, "rate", 50),
              integer(options, "concurrency", 50),
              integer(options, "max-attempts", 10),
              Duration.ofSeconds(10),
              Duration.ofSeconds(300),
              decimal(options, "time-scale", 20),
              Duration.ofMillis(integer(options, "processing-ms", 1500)),
              decimal(options, "rate-limited", 0.05),
              decimal(options, "server-errors", 0.02),
              decimal(options, "rejected", 0.02),
              decimal(options, "failed", 0.03),
              decimal(options, "duplicate-webhooks", 0.10));
      batchId =
          options.containsKey("batch-id")
              ? new BatchId(options.get("batch-id")).value()
              : BatchId.fromManifestName(manifest.toString()).value();
      timeout = Duration.ofSeconds(integer(options, "timeout", 900));
    } catch (IllegalArgumentException e) {
      err.println("run-local: " + e.getMessage());
      err.print(USAGE);
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
        err.println("run-local: timed out before every entry had an outcome");
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
      if (System.nanoTime() > deadline) {
        if (live) {
          out.println();
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
        "Cloud Tasks emulator: %d tasks, %d dispatches, %d dropped; at most %d dispatches in any"
            + " second%n",
        queue.created(), queue.attempts(), queue.dropped(), queue.maxDispatchesInAnySecond());
    out.println(
        "Ittybit simulator: "
            + pipeline.ittybit().counters()
            + ", most jobs for one idempotency key: "
            + pipeline.ittybit().maxJobsPerKey());
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

  private static int integer(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, found " + value);
    }
  }

  private static double decimal(Map<String, String> options, String name, double fallback) {
    String value = options.get(name);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, found " + value);
    }
  }
}
