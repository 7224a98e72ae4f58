package dev.ittybatch.local.run;

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

  private static final Duration STUCK_AFTER = Duration.ofSeconds(20);

  private LocalRun() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    RunLocalOptions options;
    try {
      options = new RunLocalOptions(args);
    } catch (IllegalArgumentException e) {
      err.println("run-local: " + e.getMessage());
      err.print(RunLocalOptions.usage());
      return 64;
    }
    if (options.help()) {
      out.print(RunLocalOptions.usage());
      return 0;
    }
    Path manifest = options.manifest();
    if (manifest == null) {
      err.print(RunLocalOptions.usage());
      return 64;
    }
    LocalPipeline.Settings settings;
    String batchId;
    Duration timeout;
    try {
      settings = options.settings();
      batchId = options.batchId(manifest);
      timeout = options.timeout();
    } catch (IllegalArgumentException e) {
      err.println("run-local: " + e.getMessage());
      err.print(RunLocalOptions.usage());
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
      if (!options.strict()) {
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
      Summary.print(pipeline, batchId, out);
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
}
