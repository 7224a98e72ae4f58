package dev.ittybatch.local.run;

import dev.ittybatch.local.cloudtasks.QueueStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Watches a batch through the webhook-handler's {@code /progress} (the ledger's numbers: every
 * enqueued entry counts from the start) until each entry has an outcome, or nothing has moved for a
 * while with the queue empty, or the batch's breaker has paused the queue, printing a progress
 * line.
 */
final class BatchWatch {

  /** How long nothing may change, queue empty, before the rest is judged waiting for nothing. */
  static final Duration STUCK_AFTER = Duration.ofSeconds(10);

  enum Ending {
    SETTLED,
    STUCK,
    STOPPED,
    TIMED_OUT
  }

  private BatchWatch() {}

  static Ending watch(LocalPipeline pipeline, String batchId, long deadlineNanos, PrintStream out)
      throws InterruptedException {
    boolean live = System.console() != null;
    long lastPrinted = 0;
    String lastLine = "";
    List<Long> last = List.of();
    long lastChange = System.nanoTime();
    while (true) {
      Map<String, Object> progress = pipeline.results().progress(batchId);
      QueueStats queue = pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH);
      String line = line(progress, queue);
      long total = number(progress, "total");
      // Settled when every entry has its outcome and the queue is empty: a task can still be
      // retrying (its answer was lost) after the job's webhook has told the outcome, and its
      // dispatched row, which the summary's integrity check looks for, comes with that retry.
      boolean settled =
          total > 0
              && number(progress, "pending") == 0
              && number(progress, "dispatched") == 0
              && queue.pending() == 0;
      List<Long> now =
          List.of(
              number(progress, "done"),
              number(progress, "dispatched"),
              number(progress, "pending"),
              queue.pending());
      if (!now.equals(last)) {
        last = now;
        lastChange = System.nanoTime();
      }
      boolean stuck =
          !settled
              && queue.pending() == 0
              && System.nanoTime() - lastChange > STUCK_AFTER.toNanos();
      boolean stopped =
          !settled
              && pipeline.cloudTasks().paused(LocalPipeline.QUEUE_PATH)
              && System.nanoTime() - lastChange > STUCK_AFTER.toNanos();
      stuck |= stopped;
      boolean timedOut = System.nanoTime() > deadlineNanos;
      if (live) {
        out.print("\r" + line);
      } else if (settled || stuck || timedOut || System.nanoTime() - lastPrinted > 2_000_000_000L) {
        out.println(line);
        lastPrinted = System.nanoTime();
      }
      if (settled || stuck || timedOut) {
        if (live) {
          out.println();
        }
        if (settled) {
          return Ending.SETTLED;
        }
        if (stopped) {
          for (Map<String, Object> event : pipeline.results().query("batch_events", batchId)) {
            if ("breaker_tripped".equals(event.get("kind"))) {
              out.println("Stopped by the batch's breaker: " + event.get("reason"));
            }
          }
          return Ending.STOPPED;
        }
        if (stuck) {
          out.printf(
              "%d entries have had no outcome for %d s and the queue is empty: dispatched ones wait"
                  + " for a webhook, pending ones for a task that is gone.%n",
              number(progress, "dispatched") + number(progress, "pending"),
              STUCK_AFTER.toSeconds());
          return Ending.STUCK;
        }
        return Ending.TIMED_OUT;
      }
      Thread.sleep(LocalPipeline.PROGRESS_EVERY.toMillis());
    }
  }

  /** One progress line: the ledger's total, each status, the recent rate and its ETA. */
  static String line(Map<String, Object> progress, QueueStats queue) {
    long total = number(progress, "total");
    long done = number(progress, "done");
    int width = 24;
    int filled = total == 0 ? 0 : (int) Math.min(width, done * width / total);
    Object eta = progress.get("eta_seconds");
    return String.format(
        "[%s%s] %d/%d %3d%% | pending %d | in flight %d | succeeded %d | failed %d | rejected %d"
            + " | dispatch_failed %d | lost %d | queue %d | %.1f/s | ETA %s",
        "#".repeat(filled),
        ".".repeat(width - filled),
        done,
        total,
        total == 0 ? 0 : done * 100 / total,
        number(progress, "pending"),
        number(progress, "dispatched"),
        number(progress, "succeeded"),
        number(progress, "failed") + number(progress, "cancelled"),
        number(progress, "rejected"),
        number(progress, "dispatch_failed"),
        number(progress, "lost"),
        queue.pending(),
        progress.get("recent_per_second") instanceof Number rate ? rate.doubleValue() : 0.0,
        eta instanceof Number seconds && done < total ? seconds.longValue() + "s" : "-");
  }

  static long number(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value instanceof Number n ? n.longValue() : 0;
  }
}
