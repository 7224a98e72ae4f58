package dev.ittybatch.orchestrator.enqueue;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.common.task.TaskPayload;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.batch.EntryPlan;
import dev.ittybatch.orchestrator.lifecycle.BatchControl;
import dev.ittybatch.orchestrator.manifest.ManifestFiles;
import dev.ittybatch.orchestrator.manifest.RejectsReport;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One pass over the manifest that creates this shard's tasks as {@link EntryPlan} says. Entries go
 * to the ledger a chunk at a time, each chunk before its tasks are created: an entry can then have
 * a ledger row and no task (reconciliation finds it and re-drives it), never a task and no ledger
 * row.
 */
@Component
public final class EnqueueRun {

  /** How a run ended; the run package turns it into the process's exit code. */
  public enum Outcome {
    /** Every task of the plan was created, or found already in the queue. */
    OK,
    /**
     * Some could not be created after every retry, or the ledger or report could not be written.
     */
    SOME_FAILED,
    /** Cloud Tasks refused for a reason retrying cannot fix. */
    QUEUE_REFUSED,
    /** The batch was paused or cancelled under the run: it stopped before its next chunk. */
    BATCH_HELD
  }

  private static final Logger log = LoggerFactory.getLogger(EnqueueRun.class);
  private static final int LOG_EVERY_ENTRIES = 10_000;
  private static final long LOG_EVERY_SECONDS = 5;

  private final EnqueueOptions options;
  private final OrchestratorProperties properties;
  private final ManifestFiles files;
  private final TaskRequests requests;
  private final CloudTasksClient tasks;
  private final BatchStore store;
  private final BatchControl control;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();
  private final PrintStream err = System.err;

  EnqueueRun(
      EnqueueOptions options,
      OrchestratorProperties properties,
      ManifestFiles files,
      TaskRequests requests,
      CloudTasksClient tasks,
      BatchStore store,
      BatchControl control,
      JsonMapper json) {
    this.options = options;
    this.properties = properties;
    this.files = files;
    this.requests = requests;
    this.tasks = tasks;
    this.store = store;
    this.control = control;
    this.json = json;
  }

  /**
   * @param mode what the ledger calls this run: {@code enqueue}, {@code retry} or {@code reconcile}
   */
  public Outcome run(String manifest, EntryPlan plan, String mode) throws InterruptedException {
    // One instant for the whole run: each task's input URL is signed as of it, on every attempt.
    Instant enqueuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    BatchRun.Start started =
        new BatchRun.Start(
            options.batchId().value(),
            options.runId(),
            mode,
            manifest,
            files.generation(manifest),
            options.shard().index(),
            options.shard().count(),
            enqueuedAt);
    store.recordRun(BatchRun.started(started));
    Progress progress = new Progress();
    Map<String, Long> validByKind = new TreeMap<>();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(
        () -> RunLog.progress(progress, "progress"),
        LOG_EVERY_SECONDS,
        LOG_EVERY_SECONDS,
        TimeUnit.SECONDS);
    RejectsReport rejects = null;
    Outcome exit = Outcome.OK;
    try (TaskEnqueuer enqueuer =
            new TaskEnqueuer(
                tasks.createTaskCallable(),
                options.concurrency(),
                properties.createAttempts(),
                properties.retryInitialMillis(),
                properties.retryMaxMillis(),
                progress);
        ManifestReader reader = ManifestReader.open(files.open(manifest), manifest)) {
      if (options.skipInvalid() && options.shard().reportsRejects()) {
        rejects =
            new RejectsReport(
                manifest,
                err,
                options.rejects() == null ? null : files.create(options.rejects()),
                json);
      }
      // A resume enqueues into its still-paused batch; every other run stops once it is held.
      LedgerChunk chunk =
          new LedgerChunk(
              properties.ledgerChunk(),
              store,
              options.runId(),
              clock,
              mode.equals("resume") ? () -> null : () -> control.refusal(options.batchId()));
      boolean going = true;
      while (going && reader.hasNext()) {
        ManifestRecord record = reader.next();
        progress.read();
        if (record instanceof ManifestRecord.Invalid invalid) {
          progress.invalid();
          if (rejects != null) {
            rejects.add(invalid);
          }
        } else if (record instanceof ManifestRecord.Valid valid) {
          validByKind.merge(valid.entry().kind().wireName(), 1L, Long::sum);
          if (!options.shard().owns(valid.entry().entryId())) {
            progress.otherShard();
            continue;
          }
          EntryPlan.Planned planned = plan.plan(valid.entry().entryId());
          if (planned.skipped()) {
            progress.skipped();
            continue;
          }
          TaskPayload payload =
              TaskPayload.of(
                  options.batchId(),
                  valid.entry(),
                  planned.generation(),
                  planned.enqueuedAt().orElse(enqueuedAt));
          chunk.add(payload, requests.create(payload, payload.identity(), planned.taskSuffix()));
          if (chunk.full()) {
            going = chunk.flush(enqueuer);
          }
        }
        if (reader.lineNumber() % LOG_EVERY_ENTRIES == 0) {
          RunLog.progress(progress, "progress");
        }
      }
      if (going) {
        chunk.flush(enqueuer);
      }
      enqueuer.awaitAll();
      exit =
          RunLog.summarise(progress, enqueuer, rejects, plan, options.rejects(), properties, err);
      if (chunk.stoppedBy() != null) {
        log.error("stopped before its next chunk: {}", chunk.stoppedBy());
        err.println("Stopped before the next chunk: " + chunk.stoppedBy() + ".");
        exit = Outcome.BATCH_HELD;
      }
    } catch (ResultsStoreException e) {
      log.error("cannot write the ledger: {}", e.getMessage());
      err.println(
          "Stopped: the ledger could not be written ("
              + e.getMessage()
              + "). Tasks are only created for entries in the ledger; run again.");
      exit = Outcome.SOME_FAILED;
    } finally {
      ticker.shutdownNow();
      exit = closeRejects(rejects, exit);
    }
    Progress.Snapshot done = progress.snapshot();
    store.recordRun(
        BatchRun.finished(
            started,
            new BatchRun.End(
                validByKind.values().stream().mapToLong(Long::longValue).sum(),
                json.writeValueAsString(validByKind),
                done.invalid(),
                done.enqueued() + done.alreadyEnqueued(),
                done.skipped(),
                clock.instant())));
    return exit;
  }

  private Outcome closeRejects(RejectsReport rejects, Outcome exit) {
    if (rejects == null) {
      return exit;
    }
    try {
      rejects.close();
      return exit;
    } catch (IOException e) {
      log.error("could not finish the rejects report {}: {}", options.rejects(), e.getMessage());
      return Outcome.SOME_FAILED;
    }
  }
}
