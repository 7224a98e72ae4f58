package dev.ittybatch.orchestrator.run;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.manifest.ManifestException;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.common.manifest.ManifestReport;
import dev.ittybatch.common.task.TaskPayload;
import dev.ittybatch.orchestrator.config.OrchestratorProperties;
import dev.ittybatch.orchestrator.enqueue.EnqueueFailure;
import dev.ittybatch.orchestrator.enqueue.Progress;
import dev.ittybatch.orchestrator.enqueue.TaskEnqueuer;
import dev.ittybatch.orchestrator.enqueue.TaskRequests;
import dev.ittybatch.orchestrator.manifest.ManifestFiles;
import dev.ittybatch.orchestrator.manifest.ManifestUnavailableException;
import dev.ittybatch.orchestrator.manifest.RejectsReport;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run: validate the whole manifest (unless {@code --skip-invalid}), then stream it again and
 * create this shard's tasks. Nothing is enqueued from a manifest with invalid lines unless asked,
 * so a typo on line 40,000 does not leave a half-submitted batch.
 */
@Component
class OrchestratorRunner implements ApplicationRunner, ExitCodeGenerator {

  private static final Logger log = LoggerFactory.getLogger(OrchestratorRunner.class);
  private static final int ERRORS_LISTED = 50;
  private static final int LOG_EVERY_ENTRIES = 10_000;
  private static final long LOG_EVERY_SECONDS = 5;

  private final RunOptions options;
  private final OrchestratorProperties properties;
  private final ManifestFiles files;
  private final TaskRequests requests;
  private final CloudTasksClient tasks;
  private final JsonMapper json;
  private final PrintStream err = System.err;
  private int exitCode = ExitCodes.OK;

  OrchestratorRunner(
      RunOptions options,
      OrchestratorProperties properties,
      ManifestFiles files,
      TaskRequests requests,
      CloudTasksClient tasks,
      JsonMapper json) {
    this.options = options;
    this.properties = properties;
    this.files = files;
    this.requests = requests;
    this.tasks = tasks;
    this.json = json;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }

  @Override
  public void run(ApplicationArguments args) throws InterruptedException {
    MDC.put("batch_id", options.batchId().value());
    MDC.put("shard", options.shard().index() + "/" + options.shard().count());
    try {
      exitCode = runBatch();
    } catch (ManifestException | ManifestUnavailableException e) {
      log.error("cannot read the manifest: {}", e.getMessage());
      err.println(e.getMessage());
      exitCode = ExitCodes.INVALID_MANIFEST;
    } finally {
      MDC.clear();
    }
  }

  private int runBatch() throws InterruptedException {
    log.info(
        "batch {} from {} into {} (shard {} of {}, concurrency {})",
        options.batchId(),
        options.manifest(),
        properties.queuePath(),
        options.shard().index(),
        options.shard().count(),
        options.concurrency());
    if (!options.skipInvalid() || options.dryRun()) {
      ManifestReport report =
          ManifestReport.of(
              ManifestReader.open(files.open(options.manifest()), options.manifest()),
              ERRORS_LISTED);
      if (options.dryRun()) {
        System.out.print(report.describe());
        log.info(
            "dry run: {} valid {} and {} invalid lines; nothing enqueued",
            report.valid(),
            report.validByKind(),
            report.invalid());
        return report.invalid() > 0 && !options.skipInvalid()
            ? ExitCodes.INVALID_MANIFEST
            : ExitCodes.OK;
      }
      if (report.invalid() > 0) {
        err.print(report.describe());
        err.println(
            "Nothing was enqueued. Fix the lines above, or run with --skip-invalid to enqueue the"
                + " valid entries and report the rest.");
        log.error(
            "manifest has {} invalid of {} lines; nothing enqueued",
            report.invalid(),
            report.valid() + report.invalid());
        return ExitCodes.INVALID_MANIFEST;
      }
    }
    return enqueue();
  }

  private int enqueue() throws InterruptedException {
    // One instant for the whole run: each task's input URL is signed as of it, on every attempt.
    Instant enqueuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Progress progress = new Progress();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(
        () -> logProgress(progress, "progress"),
        LOG_EVERY_SECONDS,
        LOG_EVERY_SECONDS,
        TimeUnit.SECONDS);
    RejectsReport rejects = null;
    try (TaskEnqueuer enqueuer =
            new TaskEnqueuer(
                tasks.createTaskCallable(),
                options.concurrency(),
                properties.createAttempts(),
                properties.retryInitialMillis(),
                properties.retryMaxMillis(),
                progress);
        ManifestReader reader =
            ManifestReader.open(files.open(options.manifest()), options.manifest())) {
      if (options.skipInvalid() && options.shard().reportsRejects()) {
        rejects =
            new RejectsReport(
                options.manifest(),
                err,
                options.rejects() == null ? null : files.create(options.rejects()),
                json);
      }
      while (reader.hasNext()) {
        ManifestRecord record = reader.next();
        progress.read();
        if (record instanceof ManifestRecord.Invalid invalid) {
          progress.invalid();
          if (rejects != null) {
            rejects.add(invalid);
          }
        } else if (record instanceof ManifestRecord.Valid valid) {
          TaskPayload payload = TaskPayload.of(options.batchId(), valid.entry(), 0, enqueuedAt);
          EntryIdentity identity = payload.identity();
          if (!options.shard().owns(identity.entryId())) {
            progress.otherShard();
          } else if (!enqueuer.submit(requests.create(payload, identity))) {
            break;
          }
        }
        if (reader.lineNumber() % LOG_EVERY_ENTRIES == 0) {
          logProgress(progress, "progress");
        }
      }
      enqueuer.awaitAll();
      return summarise(progress, enqueuer, rejects);
    } finally {
      ticker.shutdownNow();
      closeRejects(rejects);
    }
  }

  private int summarise(Progress progress, TaskEnqueuer enqueuer, RejectsReport rejects) {
    Progress.Snapshot done = progress.snapshot();
    logProgress(progress, "finished");
    if (rejects != null && rejects.count() > 0) {
      log.warn(
          "{} invalid lines skipped{}",
          rejects.count(),
          options.rejects() == null ? " (listed on stderr)" : "; listed in " + options.rejects());
    }
    for (EnqueueFailure failure : enqueuer.failures()) {
      log.error("task {} not created: {} {}", failure.taskId(), failure.code(), failure.message());
    }
    EnqueueFailure stop = enqueuer.stoppedBy();
    if (stop != null) {
      String advice = stop.advice(properties.queuePath(), properties.serviceAccountEmail());
      log.error("stopped: Cloud Tasks answered {}: {}", stop.code(), advice);
      err.println("Stopped: Cloud Tasks answered " + stop.code() + ": " + advice);
      return ExitCodes.QUEUE_REFUSED;
    }
    if (done.failed() > 0) {
      err.println(
          done.failed()
              + " tasks could not be created after retries; run again to create only those.");
      return ExitCodes.SOME_FAILED;
    }
    return ExitCodes.OK;
  }

  private void logProgress(Progress progress, String what) {
    Progress.Snapshot now = progress.snapshot();
    log.atInfo()
        .addKeyValue("read", now.read())
        .addKeyValue("enqueued", now.enqueued())
        .addKeyValue("already_enqueued", now.alreadyEnqueued())
        .addKeyValue("failed", now.failed())
        .addKeyValue("invalid", now.invalid())
        .addKeyValue("rate_per_s", Math.round(now.ratePerSecond()))
        .log("{}: {}", what, now.describe());
  }

  private void closeRejects(RejectsReport rejects) {
    if (rejects == null) {
      return;
    }
    try {
      rejects.close();
    } catch (IOException e) {
      log.error("could not finish the rejects report {}: {}", options.rejects(), e.getMessage());
      exitCode = ExitCodes.SOME_FAILED;
    }
  }
}
