package dev.ittybatch.orchestrator.status;

import dev.ittybatch.orchestrator.batch.Progress;
import dev.ittybatch.orchestrator.lifecycle.BatchLife;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rendering side of the status page: one batch at a glance, from what {@link StatusQueries}
 * read. The numbers are the queries' numbers, rendered as HTML with inline SVG. It refreshes itself
 * every few seconds and needs no script.
 */
final class StatusPage {

  static final List<String> STATUSES =
      List.of(
          "pending",
          "dispatched",
          "succeeded",
          "failed",
          "cancelled",
          "rejected",
          "dispatch_failed",
          "lost");

  private final Duration stuckAfter;

  /**
   * @param stuckAfter how long a batch with entries waiting may not move before it reads as stuck
   */
  StatusPage(Duration stuckAfter) {
    this.stuckAfter = stuckAfter;
  }

  String html(StatusQueries.Snapshot snapshot, Instant now) {
    BatchSummary summary = snapshot.summary();
    String batchId = summary.batchId();
    Progress progress = summary.progress();
    long total = progress.total();
    StringBuilder page = new StringBuilder();
    page.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"5\">")
        .append("<title>")
        .append(Html.escape(batchId))
        .append(" - ittybatch</title><style>")
        .append(STYLE)
        .append("</style></head><body><header><h1>ittybatch</h1><nav>");
    for (String id : snapshot.batchIds()) {
      page.append("<a href=\"/batches/")
          .append(path(id))
          .append("\"")
          .append(id.equals(batchId) ? " aria-current=\"page\"" : "")
          .append(">")
          .append(Html.escape(id))
          .append("</a> ");
    }
    page.append("</nav></header><main><h2>Batch ").append(Html.escape(batchId)).append("</h2>");
    BatchLife life = summary.life();
    if (total == 0) {
      boolean known = snapshot.batchIds().contains(batchId);
      page.append("<p class=\"empty\">")
          .append(
              known
                  ? "This batch has no entries yet: the orchestrator has not recorded any."
                  : "No batch with this id: pick one above, or check the id.")
          .append("</p></main></body></html>");
      return page.toString();
    }
    long done = progress.done();
    page.append("<section><div class=\"bar\" role=\"progressbar\" aria-valuemin=\"0\"")
        .append(" aria-valuemax=\"")
        .append(total)
        .append("\" aria-valuenow=\"")
        .append(done)
        .append("\"><div style=\"width:")
        .append(Math.min(100, done * 100 / total))
        .append("%\"></div></div><p class=\"big\"><strong id=\"done\">")
        .append(done)
        .append("</strong> of <strong id=\"total\">")
        .append(total)
        .append("</strong> done (")
        .append(Html.escape(progress.percentDone()))
        .append("%) &middot; <span id=\"rate\">")
        .append(Html.escape(progress.recentPerSecond()))
        .append("</span>/s &middot; ETA <span id=\"eta\">")
        .append(eta(progress.etaSeconds(), done, total))
        .append("</span></p><table class=\"counts\"><tr>");
    for (String status : STATUSES) {
      page.append("<th>").append(status).append("</th>");
    }
    page.append("</tr><tr>");
    for (String status : STATUSES) {
      page.append("<td id=\"count-")
          .append(status)
          .append("\">")
          .append(progress.count(status))
          .append("</td>");
    }
    page.append("</tr></table></section>");
    Banner.append(page, batchId, life, progress, stuckAfter, now);
    StatusTables.events(page, summary.sections().events(), now);
    Charts.append(page, summary, now);
    StatusTables.failures(page, batchId, summary.sections().failures(), now);
    StatusTables.outputs(page, summary.sections().outputs());
    Banner.commands(page, batchId, life, progress, summary.manifestUri());
    page.append("<footer>Updated ")
        .append(Times.html(now, now))
        .append(" UTC &middot; <a href=\"/batches/")
        .append(path(batchId))
        .append("/summary.json\">summary.json</a> &middot; <a href=\"/batches/")
        .append(path(batchId))
        .append("/failures.csv\">failures.csv</a></footer></main></body></html>");
    return page.toString();
  }

  private static String eta(Object seconds, long done, long total) {
    if (done >= total) {
      return "done";
    }
    if (!(seconds instanceof Number n)) {
      return "-";
    }
    long s = n.longValue();
    return s >= 3600
        ? (s / 3600) + " h " + (s % 3600 / 60) + " min"
        : s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static final String STYLE =
      "body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;"
          + "color:#111}nav a{margin-right:.6rem}nav a[aria-current]{font-weight:bold}"
          + ".bar{border:1px solid #222;height:1.2rem}.bar div{background:#2f6f4f;height:100%}"
          + ".big{font-size:1.2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}"
          + "th,td{border:1px solid #999;padding:.2rem .4rem;text-align:left;font-size:.9rem;"
          + "vertical-align:top}.counts td{font-size:1.1rem;font-weight:bold}"
          + ".failures td{word-break:break-word}.empty{font-size:1.2rem}"
          + ".stopped{border:3px solid #a11;padding:.2rem .8rem}"
          + "pre{background:#f3f3f3;padding:.5rem;overflow-x:auto}"
          + "time,.failures td:first-child{white-space:nowrap;word-break:normal}"
          + "@media (max-width:40rem){.counts th,.counts td{font-size:.75rem;padding:.1rem}}"
          + "@media print{.bar div{background:#000}nav{display:none}}";
}
