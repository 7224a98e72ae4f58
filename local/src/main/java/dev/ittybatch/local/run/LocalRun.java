package dev.ittybatch.local.run;

import dev.ittybatch.common.manifest.ManifestException;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.local.ittybit.FfmpegPrograms;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code run-local MANIFEST [options]}: starts the stand-ins of Google's APIs and the Ittybit
 * simulator, sets them up as {@code deploy.sh setup} sets up a project, starts the services with
 * the deployment's environment, runs the orchestrator on the manifest (uploaded to the manifest
 * bucket), shows progress until every entry has an outcome, prints the progress queries of {@code
 * sql/queries} as query jobs, and stops everything it started (on Ctrl-C too). Exits 0 when every
 * entry has an outcome.
 */
public final class LocalRun {

  /** Reconciliation passes at the end of a run, each followed by watching what it re-drove. */
  private static final int RECONCILE_ROUNDS = 3;

  /** A wrong command line: one line saying what, then the usage. */
  static final int USAGE_ERROR = 2;

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
      err.print(RunLocalUsage.usage().render());
      return USAGE_ERROR;
    }
    if (options.help()) {
      out.print(RunLocalUsage.usage().render());
      return 0;
    }
    Path manifest = options.manifest();
    if (manifest == null && options.mediaDir() != null) {
      try {
        MediaManifest.Made made =
            MediaManifest.write(
                options.mediaDir(),
                options.mediaOptions(),
                Path.of("ittybatch-data", "media-" + options.mediaDir().getFileName() + ".jsonl")
                    .toAbsolutePath(),
                LocalPipeline.MEDIA_BUCKET);
        out.printf(
            "media: %d files of %s in the manifest %s%s%n",
            made.entries(),
            options.mediaDir(),
            made.manifest(),
            made.skipped().isEmpty() ? "" : "; left out (not media): " + made.skipped());
        manifest = made.manifest();
      } catch (IOException | RuntimeException e) {
        err.println("run-local: --media-dir: " + e.getMessage());
        return 2;
      }
    }
    if (manifest == null) {
      err.println("run-local: give one MANIFEST, or --media-dir=DIR");
      err.print(RunLocalUsage.usage().render());
      return USAGE_ERROR;
    }
    PipelineSettings settings;
    String batchId;
    Duration timeout;
    try {
      settings = options.settings();
      batchId = options.batchId(manifest);
      timeout = options.timeout();
      options.notifyUrl();
      options.lifeAfter("pause-after");
      options.lifeAfter("cancel-after");
    } catch (IllegalArgumentException e) {
      err.println("run-local: " + e.getMessage());
      err.print(RunLocalUsage.usage().render());
      return USAGE_ERROR;
    }

    if (settings.transcode()) {
      try {
        FfmpegPrograms programs = FfmpegPrograms.find();
        out.println("transcoding with " + programs.ffmpeg() + " (" + programs.origin() + ")");
      } catch (FfmpegPrograms.Unavailable e) {
        err.println("run-local: cannot transcode: " + e.getMessage());
        return 2;
      }
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
        "starting the stand-ins (Cloud Tasks, Cloud Storage, BigQuery, IAM Credentials, Ittybit),"
            + " setting them up as deploy.sh setup would, starting the services...");

    try (LocalLife life = LocalLife.start(options, batchId, out);
        LocalPipeline pipeline = new LocalPipeline(settings)) {
      Thread stopper = new Thread(pipeline::close, "run-local-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      // As deploy.sh run does: the manifest uploaded to the manifest bucket, read from there.
      String uri = pipeline.stage(manifest);
      List<String> orchestratorArgs = new ArrayList<>();
      orchestratorArgs.add("--manifest=" + uri);
      orchestratorArgs.add("--batch-id=" + batchId);
      if (!options.strict()) {
        orchestratorArgs.add("--skip-invalid");
        orchestratorArgs.add("--rejects=" + uri.replaceFirst("\\.[^./]*$", "") + ".rejects.jsonl");
      }
      out.println("status page: " + pipeline.status().url(batchId));
      // What deploy.sh check does before a big batch: the key, the endpoint, the first entry.
      if (pipeline.orchestrate(java.util.Map.of(), "--preflight", "--manifest=" + uri) != 0) {
        out.println(
            "The preflight found problems (above). The batch runs anyway: if Ittybit refuses its"
                + " entries alike, the breaker stops it.");
      }
      out.println("enqueueing (invalid lines, if any, are listed below and skipped)...");
      int enqueued = pipeline.enqueue(orchestratorArgs.toArray(String[]::new));
      if (enqueued != 0) {
        err.println("run-local: the orchestrator exited " + enqueued + "; nothing more to do.");
        return enqueued;
      }
      life.enqueued(pipeline);
      long deadline = System.nanoTime() + timeout.toNanos();
      BatchWatch.Ending ending = BatchWatch.watch(pipeline, batchId, deadline, out);
      // Reconcile as the scheduled job would in production: fetch the jobs of entries still
      // dispatched, re-drive entries whose task is gone; then watch what it re-drove.
      for (int round = 1;
          round <= RECONCILE_ROUNDS
              && ending != BatchWatch.Ending.TIMED_OUT
              && ending != BatchWatch.Ending.STOPPED;
          round++) {
        out.println("reconciling...");
        // As the scheduled job runs it: no manifest, the ledger names the batch's.
        int reconciled =
            pipeline.job(
                life.passEnvironment(), "--reconcile", "--batch-id=" + batchId, "--older-than=0s");
        if (reconciled != 0) {
          err.println("run-local: reconciliation exited " + reconciled);
          break;
        }
        ending = BatchWatch.watch(pipeline, batchId, deadline, out);
        if (ending == BatchWatch.Ending.SETTLED) {
          break;
        }
      }
      boolean complete = ending == BatchWatch.Ending.SETTLED;
      Summary.print(pipeline, batchId, out);
      life.summarize(pipeline.results().progress(batchId), out);
      if (options.keepOpen()) {
        out.println(
            "The status page stays open at "
                + pipeline.status().url(batchId)
                + " until you press Ctrl-C.");
        Thread.currentThread().join();
      } else {
        out.println(
            "The status page closes now; run with --keep-open to keep it open after the run"
                + " (Ctrl-C then stops it).");
      }
      Runtime.getRuntime().removeShutdownHook(stopper);
      if (!complete) {
        err.println("run-local: stopped waiting before every entry had an outcome (see above)");
        return 1;
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("run-local: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
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
}
