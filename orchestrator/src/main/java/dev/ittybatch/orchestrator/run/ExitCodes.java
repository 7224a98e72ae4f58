package dev.ittybatch.orchestrator.run;

import dev.ittybatch.orchestrator.enqueue.EnqueueRun;

/** The orchestrator's exit codes; a Cloud Run job retries a task that exits non-zero. */
final class ExitCodes {

  public static final int OK = 0;

  /** It could not start: a variable is missing or wrong (the one line printed names it). */
  public static final int FAILED_TO_START = 1;

  /** The command line is wrong: one line says what, then the usage. */
  public static final int USAGE = 2;

  /** The manifest has invalid lines (and --skip-invalid was not given), or cannot be read. */
  public static final int INVALID_MANIFEST = 2;

  /** Cloud Tasks refused for a reason retrying cannot fix: the log says what to change. */
  public static final int QUEUE_REFUSED = 3;

  /** Some tasks could not be created after every retry; a re-run creates only those. */
  public static final int SOME_FAILED = 4;

  /** The preflight found a check that failed, or the webhook endpoint could not be registered. */
  public static final int PREFLIGHT_FAILED = 5;

  /** The batch is paused or cancelled: nothing enqueued; the line says how to resume it. */
  public static final int BATCH_HELD = 6;

  private ExitCodes() {}

  /** The exit code of an enqueue run that ended so. */
  static int of(EnqueueRun.Outcome outcome) {
    return switch (outcome) {
      case OK -> OK;
      case SOME_FAILED -> SOME_FAILED;
      case QUEUE_REFUSED -> QUEUE_REFUSED;
      case BATCH_HELD -> BATCH_HELD;
    };
  }
}
