package dev.ittybatch.orchestrator.run;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.batch.EntryPlan;
import dev.ittybatch.orchestrator.enqueue.EnqueueRun;
import dev.ittybatch.orchestrator.lifecycle.BatchControl;
import dev.ittybatch.orchestrator.lifecycle.BatchLife;
import dev.ittybatch.orchestrator.lifecycle.Notices;
import dev.ittybatch.orchestrator.reconcile.Reconciler;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The runs that act on a batch as a whole: a reconciliation pass (which leaves a paused or
 * cancelled batch's pending entries alone, then posts its notices and ends its schedule once done),
 * and {@code --pause}, {@code --resume}, {@code --cancel}.
 */
@Component
class BatchLifeRuns {

  private final RunOptions options;
  private final BatchStore store;
  private final EnqueueRun enqueueRun;
  private final Reconciler reconciler;
  private final BatchControl control;
  private final Notices notices;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  BatchLifeRuns(
      RunOptions options,
      BatchStore store,
      EnqueueRun enqueueRun,
      Reconciler reconciler,
      BatchControl control,
      Notices notices) {
    this.options = options;
    this.store = store;
    this.enqueueRun = enqueueRun;
    this.reconciler = reconciler;
    this.control = control;
    this.notices = notices;
  }

  /** The stuck mark the status page shares with the notices. */
  Duration stuckAfter() {
    return notices.stuckAfter();
  }

  /** Why a plain or retry run must not enqueue into this batch now, or null. */
  String refusal() {
    return control.refusal(options.batchId());
  }

  /** A reconciliation pass, the re-drive of what it found lost, then the batch's notices. */
  int reconcile() throws InterruptedException {
    BatchId batchId = options.batchId();
    BatchLife life = control.life(batchId);
    Reconciler.Findings found =
        reconciler.reconcile(batchId, options.olderThan(), !options.redrive(), life.holdReason());
    out.println("Reconciled " + batchId + ": " + found.describe() + ".");
    int exit = ExitCodes.OK;
    if (life.held()) {
      out.println(
          "Nothing of it is re-driven while it is "
              + life.holdReason()
              + ": deploy/deploy.sh resume "
              + batchId
              + " sends its pending entries again.");
    } else if (options.redrive() && !found.lost().isEmpty()) {
      String manifest = manifest();
      if (manifest == null) {
        err.println(
            found.lost().size()
                + " lost entries, but the ledger names no manifest for batch "
                + batchId
                + ": run again with --manifest to re-drive them.");
        return ExitCodes.SOME_FAILED;
      }
      out.println("Re-driving " + found.lost().size() + " lost entries from " + manifest);
      exit =
          ExitCodes.of(
              enqueueRun.run(
                  manifest,
                  EntryPlan.redrive(found.state(), found.lost(), Instant.now()),
                  "reconcile"));
    }
    notices.afterPass(batchId, life, found, out);
    return exit;
  }

  int act(RunOptions.Action action) throws InterruptedException {
    BatchId batchId = options.batchId();
    BatchLife life = control.life(batchId);
    if (life.startedAt() == null) {
      err.println(
          "No batch " + batchId + " in the ledger: check the id (deploy/deploy.sh status).");
      return ExitCodes.USAGE;
    }
    return switch (action) {
      case PAUSE -> pause(batchId, life);
      case CANCEL -> cancel(batchId, life);
      case RESUME -> resume(batchId, life);
    };
  }

  private int pause(BatchId batchId, BatchLife life) throws InterruptedException {
    if (life.cancelled()) {
      out.println(
          "Batch " + batchId + " was " + life.holdReason() + ": there is nothing to pause.");
      return ExitCodes.OK;
    }
    if (life.paused()) {
      out.println(
          "Batch " + batchId + " is " + life.holdReason() + "; any task of it still queued goes.");
    }
    BatchControl.Outcome done = control.pause(batchId, life);
    out.printf(
        Locale.ROOT,
        "Paused batch %s: %,d tasks deleted from the queue (%,d gone already); %,d entries already"
            + " at Ittybit finish and are recorded as they come; %,d have their outcome.%n"
            + "deploy/deploy.sh resume %s sends its %,d entries with no outcome again, each under its"
            + " own idempotency key: no job is made twice.%n",
        batchId,
        done.deleted(),
        done.gone(),
        done.dispatched(),
        done.settled(),
        batchId,
        done.pending());
    return finished(done);
  }

  private int cancel(BatchId batchId, BatchLife life) throws InterruptedException {
    if (life.cancelled()) {
      out.println(
          "Batch " + batchId + " was " + life.holdReason() + "; finishing what is left of it.");
    }
    BatchControl.Outcome done = control.cancel(batchId, life);
    out.printf(
        Locale.ROOT,
        "Cancelled batch %s: %,d queued tasks deleted (%,d gone already), %,d entries recorded"
            + " cancelled. %,d jobs Ittybit had already made are left to finish (Ittybit documents"
            + " no way to cancel a job) and are recorded as they finish.%n"
            + "Re-drive the cancelled entries later with deploy/deploy.sh resume %s, then"
            + " deploy/deploy.sh run MANIFEST --batch-id %s --retry cancelled.%n",
        batchId,
        done.deleted(),
        done.gone(),
        done.recorded(),
        done.dispatched(),
        batchId,
        batchId);
    return finished(done);
  }

  private int finished(BatchControl.Outcome done) {
    if (done.stoppedBy() != null) {
      err.println("Stopped: " + done.stoppedBy());
    }
    if (!done.complete()) {
      err.println(
          done.failed()
              + " tasks could not be deleted and may still run (their outcomes are recorded"
              + " as they come): run the same command again.");
      return ExitCodes.SOME_FAILED;
    }
    return ExitCodes.OK;
  }

  private int resume(BatchId batchId, BatchLife life) throws InterruptedException {
    BatchControl.Resumption resumption = control.resumption(batchId, life);
    if (resumption == null) {
      out.println(
          "Batch "
              + batchId
              + " is not paused: nothing of it to enqueue."
              + (life.stoppedByBreaker()
                  ? " It is stopped by its breaker: resuming the queue sets it going."
                  : ""));
      return ExitCodes.OK;
    }
    String manifest = manifest();
    if (manifest == null) {
      err.println(
          "The ledger names no manifest for batch " + batchId + ": run again with --manifest.");
      return ExitCodes.SOME_FAILED;
    }
    out.printf(
        Locale.ROOT,
        "Resuming batch %s (%s): %,d entries with no outcome are enqueued again from %s, each"
            + " under its own idempotency key and bytes.%n",
        batchId,
        life.holdReason(),
        resumption.pending(),
        manifest);
    int exit = ExitCodes.of(enqueueRun.run(manifest, resumption.plan(), "resume"));
    if (exit != ExitCodes.OK) {
      err.println("Batch " + batchId + " stays paused until the resume is complete: run it again.");
      return exit;
    }
    control.resumed(batchId, life);
    out.println("Resumed batch " + batchId + ".");
    return ExitCodes.OK;
  }

  /** The manifest given, or that of the batch's latest enqueue run in the ledger; null if none. */
  private String manifest() {
    if (options.manifest() != null) {
      return options.manifest();
    }
    return store.manifestUri(options.batchId().value());
  }
}
