package dev.ittybatch.orchestrator.enqueue;

import dev.ittybatch.orchestrator.batch.EntryPlan;
import dev.ittybatch.orchestrator.manifest.RejectsReport;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an enqueue run tells its operator: its progress now and then, and at its end what it did,
 * what it could not, and the one thing to do about it.
 */
final class RunLog {

  // The run's own logger: these lines are the run's, wherever the code sits.
  private static final Logger log = LoggerFactory.getLogger(EnqueueRun.class);

  private RunLog() {}

  static EnqueueRun.Outcome summarise(
      Progress progress,
      TaskEnqueuer enqueuer,
      RejectsReport rejects,
      EntryPlan plan,
      String rejectsPath,
      OrchestratorProperties properties,
      PrintStream err) {
    Progress.Snapshot done = progress.snapshot();
    progress(progress, "finished");
    if (done.skipped() > 0) {
      String why =
          plan.skipped().isEmpty() ? "pending, not chosen" : "latest outcome " + plan.skipped();
      log.info("skipped {} entries ({})", done.skipped(), why);
      System.out.println("Skipped " + done.skipped() + " entries (" + why + ").");
    }
    if (rejects != null && rejects.count() > 0) {
      log.warn(
          "{} invalid lines skipped{}",
          rejects.count(),
          rejectsPath == null ? " (listed on stderr)" : "; listed in " + rejectsPath);
    }
    for (EnqueueFailure failure : enqueuer.failures()) {
      log.error("task {} not created: {} {}", failure.taskId(), failure.code(), failure.message());
    }
    EnqueueFailure stop = enqueuer.stoppedBy();
    if (stop != null) {
      String advice = stop.advice(properties.queuePath(), properties.serviceAccountEmail());
      log.error("stopped: Cloud Tasks answered {}: {}", stop.code(), advice);
      err.println("Stopped: Cloud Tasks answered " + stop.code() + ": " + advice);
      return EnqueueRun.Outcome.QUEUE_REFUSED;
    }
    if (done.failed() > 0) {
      err.println(
          done.failed()
              + " tasks could not be created after retries; run again to create only those.");
      return EnqueueRun.Outcome.SOME_FAILED;
    }
    return EnqueueRun.Outcome.OK;
  }

  static void progress(Progress progress, String what) {
    Progress.Snapshot now = progress.snapshot();
    log.atInfo()
        .addKeyValue("read", now.read())
        .addKeyValue("enqueued", now.enqueued())
        .addKeyValue("already_enqueued", now.alreadyEnqueued())
        .addKeyValue("skipped", now.skipped())
        .addKeyValue("failed", now.failed())
        .addKeyValue("invalid", now.invalid())
        .addKeyValue("rate_per_s", Math.round(now.ratePerSecond()))
        .log("{}: {}", what, now.describe());
  }
}
