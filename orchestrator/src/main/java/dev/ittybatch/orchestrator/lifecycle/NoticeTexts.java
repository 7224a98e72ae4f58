package dev.ittybatch.orchestrator.lifecycle;

import dev.ittybatch.common.time.Durations;
import dev.ittybatch.orchestrator.batch.Progress;
import dev.ittybatch.orchestrator.reconcile.Reconciler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the notices say, for a person reading a chat: the counts, how long, where the failures are
 * and the commands that act on the batch. Times are UTC, as in the logs and BigQuery.
 */
final class NoticeTexts {

  static final List<String> FAILURES =
      List.of("failed", "rejected", "dispatch_failed", "lost", "cancelled");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MMM d HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_AND_SECOND =
      DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private NoticeTexts() {}

  /**
   * @param progress the row of {@code progress_summary.sql}
   * @param manifest the manifest the ledger names, for the re-drive command; null if none
   */
  static String done(String batchId, Progress progress, BatchLife life, String manifest) {
    long total = progress.total();
    Instant from = life.startedAt();
    Instant to = progress.lastAt();
    StringBuilder text = new StringBuilder("ittybatch: batch ").append(batchId);
    text.append(life.cancelled() ? " has ended (" + life.holdReason() + ")" : " is done")
        .append(": ");
    text.append(count(total)).append(total == 1 ? " entry" : " entries");
    if (from != null && to != null && !to.isBefore(from)) {
      text.append(" in ")
          .append(Durations.brief(Duration.between(from, to)))
          .append(" (")
          .append(span(from, to))
          .append(")");
    }
    text.append(".\n").append(counts(progress)).append('\n');
    List<String> failed = new ArrayList<>();
    for (String status : FAILURES) {
      if (progress.count(status) > 0) {
        failed.add(status);
      }
    }
    if (failed.isEmpty()) {
      text.append("No failures.\n");
    } else {
      text.append("Failures, every entry not succeeded with its reason: /batches/")
          .append(batchId)
          .append("/failures.csv on the status page (deploy/deploy.sh status ")
          .append(batchId)
          .append(" --web), or sql/queries/failures_export.sql in BigQuery.\n")
          .append("Re-drive them as their next generation: deploy/deploy.sh run ")
          .append(manifest == null ? "MANIFEST" : manifest)
          .append(" --batch-id ")
          .append(batchId)
          .append(" --retry ")
          .append(String.join(",", failed))
          .append('\n');
    }
    return text.append("Status: deploy/deploy.sh status ").append(batchId).toString();
  }

  /**
   * @param lastMoved when the batch last moved: the spell began then
   * @param found what the reconciliation pass just found
   */
  static String stuck(
      String batchId,
      Progress progress,
      BatchLife life,
      Instant lastMoved,
      Instant now,
      Reconciler.Findings found) {
    long pending = progress.count("pending");
    long dispatched = progress.count("dispatched");
    StringBuilder text = new StringBuilder("ittybatch: batch ").append(batchId);
    text.append(" has not moved for ")
        .append(Durations.brief(Duration.between(lastMoved, now)))
        .append(" (since ")
        .append(time(lastMoved))
        .append("); ")
        .append(count(pending + dispatched))
        .append(" of ")
        .append(count(progress.total()))
        .append(" entries are waiting:\n");
    if (life.held()) {
      text.append("- the batch is ")
          .append(life.holdReason())
          .append(": deploy/deploy.sh resume ")
          .append(batchId)
          .append(" sends its entries again\n");
    }
    if (life.stoppedByBreaker()) {
      text.append("- stopped by its breaker since ")
          .append(time(life.breaker().at()))
          .append(": ")
          .append(life.breaker().reason())
          .append('\n');
    }
    if (pending > 0) {
      text.append("- ").append(count(pending)).append(" pending, ");
      if (life.held()) {
        text.append("held (their tasks were deleted)\n");
      } else {
        text.append("in the queue");
        if (found.pendingChecked() > 0) {
          text.append(" (of those enqueued long ago ")
              .append(count(found.pendingInQueue()))
              .append(" still there, ")
              .append(count(found.lost().size()))
              .append(" had no task left and were sent again)");
        }
        text.append('\n');
      }
    }
    if (dispatched > 0) {
      text.append("- ").append(count(dispatched)).append(" at Ittybit awaiting a webhook");
      if (found.jobsChecked() > 0) {
        text.append(" (this pass fetched ")
            .append(count(found.jobsChecked()))
            .append(": ")
            .append(count(found.jobsStillRunning()))
            .append(" still running, ")
            .append(count(found.jobsUnknown()))
            .append(" unknown to Ittybit, ")
            .append(count(found.jobsUnreadable()))
            .append(" could not be fetched)");
      }
      text.append('\n');
    }
    return text.append("Status: deploy/deploy.sh status ")
        .append(batchId)
        .append(" --web; pause, resume or cancel it: deploy/deploy.sh pause|resume|cancel ")
        .append(batchId)
        .toString();
  }

  static String counts(Progress progress) {
    List<String> parts = new ArrayList<>();
    for (String status :
        List.of("succeeded", "failed", "cancelled", "rejected", "dispatch_failed", "lost")) {
      long n = progress.count(status);
      if (n > 0 || status.equals("succeeded")) {
        parts.add(count(n) + " " + status);
      }
    }
    return String.join(", ", parts) + ".";
  }

  static String time(Instant at) {
    return TIME.format(at);
  }

  /** {@code Dec 5 13:10:02 to 19:22:58 UTC}: the day once when both ends share it. */
  static String span(Instant from, Instant to) {
    boolean sameDay =
        from.atZone(ZoneOffset.UTC).toLocalDate().equals(to.atZone(ZoneOffset.UTC).toLocalDate());
    return DAY_AND_SECOND.format(from)
        + " to "
        + (sameDay ? SECOND : DAY_AND_SECOND).format(to)
        + " UTC";
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
