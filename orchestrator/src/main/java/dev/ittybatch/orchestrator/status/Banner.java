package dev.ittybatch.orchestrator.status;

import dev.ittybatch.common.time.Durations;
import dev.ittybatch.orchestrator.batch.Progress;
import dev.ittybatch.orchestrator.lifecycle.BatchLife;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What holds a batch, at the top of its page (cancelled, paused, stopped by its breaker, or not
 * moving for the stuck time while entries wait), and the commands that act on it, as text to copy:
 * the page itself changes nothing.
 */
final class Banner {

  private static final List<String> FAILURES =
      List.of("failed", "rejected", "dispatch_failed", "lost", "cancelled");

  private Banner() {}

  static void append(
      StringBuilder page,
      String batchId,
      BatchLife life,
      Progress progress,
      Duration stuckAfter,
      Instant now) {
    long waiting = progress.waiting();
    String id = Html.escape(batchId);
    if (life.cancelled()) {
      section(page, "cancelled", "Cancelled")
          .append("<p>Cancelled at ")
          .append(Times.html(life.cancel().at(), now))
          .append(": its queued tasks were deleted and its entries with no outcome recorded")
          .append(" cancelled. Jobs Ittybit had already made finish and are recorded as they")
          .append(" come (Ittybit documents no way to cancel a job).</p></section>");
    } else if (life.paused()) {
      section(page, "paused", "Paused")
          .append("<p>Since ")
          .append(Times.html(life.pause().at(), now))
          .append(": its queued tasks were deleted and nothing of it is re-driven; ")
          .append(progress.count("pending"))
          .append(" entries wait. <code>deploy/deploy.sh resume ")
          .append(id)
          .append("</code> sends them again, each under its own idempotency key.</p></section>");
    }
    if (life.stoppedByBreaker()) {
      section(page, "stopped", "Stopped by its breaker")
          .append("<p>")
          .append(Html.escape(life.breaker().reason()))
          .append("</p><p>Since ")
          .append(Times.html(life.breaker().at(), now))
          .append(". When the cause is fixed: <code>deploy/deploy.sh resume ")
          .append(id)
          .append("</code></p></section>");
    }
    Instant lastMoved = life.lastMoved(progress.lastAt());
    if (!life.held()
        && waiting > 0
        && lastMoved != null
        && !lastMoved.plus(stuckAfter).isAfter(now)) {
      section(page, "stuck", "Not moving")
          .append("<p>Nothing has moved since ")
          .append(Times.html(lastMoved, now))
          .append(" (")
          .append(Html.escape(Durations.brief(Duration.between(lastMoved, now))))
          .append("), and ")
          .append(waiting)
          .append(" entries wait: pending ones in the queue, dispatched ones at Ittybit for a")
          .append(" webhook. <code>deploy/deploy.sh reconcile ")
          .append(id)
          .append("</code> fetches the jobs and sends again the entries whose task is gone.</p>")
          .append("</section>");
    }
  }

  private static StringBuilder section(StringBuilder page, String id, String title) {
    return page.append("<section class=\"stopped\" id=\"")
        .append(id)
        .append("\"><h3>")
        .append(title)
        .append("</h3>");
  }

  /** The commands that act on the batch as it stands, one a line. */
  static void commands(
      StringBuilder page, String batchId, BatchLife life, Progress progress, String manifest) {
    List<String> lines = new ArrayList<>();
    long waiting = progress.waiting();
    if (life.held() || life.stoppedByBreaker()) {
      lines.add("deploy/deploy.sh resume " + batchId);
    } else if (waiting > 0) {
      lines.add("deploy/deploy.sh pause " + batchId);
    }
    if (!life.cancelled() && waiting > 0) {
      lines.add("deploy/deploy.sh cancel " + batchId);
    }
    if (waiting > 0 && !life.held()) {
      lines.add("deploy/deploy.sh reconcile " + batchId);
    }
    List<String> failed = new ArrayList<>();
    for (String status : FAILURES) {
      if (progress.count(status) > 0) {
        failed.add(status);
      }
    }
    if (!failed.isEmpty() && !life.cancelled()) {
      lines.add(
          "deploy/deploy.sh run "
              + (manifest == null ? "MANIFEST" : manifest)
              + " --batch-id "
              + batchId
              + " --retry "
              + String.join(",", failed));
    }
    lines.add("deploy/deploy.sh status " + batchId);
    page.append("<section id=\"commands\"><h3>Act on it</h3><p>Run these where deploy.sh runs;")
        .append(" this page only reads.</p><pre><code>");
    for (String line : lines) {
      page.append(Html.escape(line)).append('\n');
    }
    page.append("</code></pre></section>");
  }
}
