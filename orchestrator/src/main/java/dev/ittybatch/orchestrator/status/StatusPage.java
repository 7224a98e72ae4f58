package dev.ittybatch.orchestrator.status;

import dev.ittybatch.orchestrator.batch.BatchQueries;
import dev.ittybatch.orchestrator.lifecycle.BatchLife;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One batch at a glance, from the queries of {@code sql/queries} through the batch store: the
 * numbers are the queries' numbers, rendered as HTML with inline SVG. It refreshes itself every few
 * seconds and needs no script.
 */
public final class StatusPage {

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

  /** The queries behind the page's sections, in the order {@code summary.json} lists them. */
  static final List<String> SECTIONS =
      List.of(
          "progress_summary",
          "outcomes_over_time",
          "processing_time_by_kind",
          "dispatch_attempts",
          "latest_failures",
          "latest_outputs",
          "batch_events",
          "batch_life",
          "batch_manifest");

  private final BatchQueries store;
  private final Executor queries;
  private final Duration stuckAfter;

  /**
   * @param queries runs the page's queries side by side: each is a round trip (a BigQuery job, or a
   *     request to the local store), and one after another their waits add up
   * @param stuckAfter how long a batch with entries waiting may not move before it reads as stuck
   */
  public StatusPage(BatchQueries store, Executor queries, Duration stuckAfter) {
    this.store = store;
    this.queries = queries;
    this.stuckAfter = stuckAfter;
  }

  List<Map<String, Object>> rows(String query, Map<String, String> parameters) {
    List<Map<String, Object>> rows = new ArrayList<>();
    store.stream(query, parameters, rows::add);
    return rows;
  }

  private CompletableFuture<List<Map<String, Object>>> later(
      String query, Map<String, String> parameters) {
    return CompletableFuture.supplyAsync(() -> rows(query, parameters), queries);
  }

  /** What {@code summary.json} answers: the page's numbers, by query. */
  public Map<String, Object> summary(String batchId) {
    return summary(batchId, sections(batchId));
  }

  private Map<String, CompletableFuture<List<Map<String, Object>>>> sections(String batchId) {
    Map<String, String> batch = Map.of("batch_id", batchId);
    Map<String, CompletableFuture<List<Map<String, Object>>>> sections = new LinkedHashMap<>();
    for (String query : SECTIONS) {
      sections.put(query, later(query, batch));
    }
    return sections;
  }

  private static Map<String, Object> summary(
      String batchId, Map<String, CompletableFuture<List<Map<String, Object>>>> sections) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("batch_id", batchId);
    sections.forEach(
        (query, rows) -> {
          List<Map<String, Object>> answer = answer(rows);
          summary.put(
              query.equals("progress_summary") ? "progress" : query,
              query.equals("progress_summary") ? answer.get(0) : answer);
        });
    return summary;
  }

  /** A query's rows, or its own failure rather than a wrapper around it. */
  private static List<Map<String, Object>> answer(
      CompletableFuture<List<Map<String, Object>>> rows) {
    try {
      return rows.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  public String html(String batchId, Instant now) {
    CompletableFuture<List<Map<String, Object>>> listed = later("batches", Map.of());
    Map<String, Object> summary = summary(batchId, sections(batchId));
    List<Map<String, Object>> batches = answer(listed);
    @SuppressWarnings("unchecked")
    Map<String, Object> progress = (Map<String, Object>) summary.get("progress");
    long total = number(progress.get("total"));
    StringBuilder page = new StringBuilder();
    page.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"5\">")
        .append("<title>")
        .append(Html.escape(batchId))
        .append(" - ittybatch</title><style>")
        .append(STYLE)
        .append("</style></head><body><header><h1>ittybatch</h1><nav>");
    for (Map<String, Object> batch : batches) {
      String id = String.valueOf(batch.get("batch_id"));
      page.append("<a href=\"/batches/")
          .append(path(id))
          .append("\"")
          .append(id.equals(batchId) ? " aria-current=\"page\"" : "")
          .append(">")
          .append(Html.escape(id))
          .append("</a> ");
    }
    page.append("</nav></header><main><h2>Batch ").append(Html.escape(batchId)).append("</h2>");
    @SuppressWarnings("unchecked")
    BatchLife life = BatchLife.of((List<Map<String, Object>>) summary.get("batch_life"));
    if (total == 0) {
      boolean known = batches.stream().anyMatch(b -> batchId.equals(b.get("batch_id")));
      page.append("<p class=\"empty\">")
          .append(
              known
                  ? "This batch has no entries yet: the orchestrator has not recorded any."
                  : "No batch with this id: pick one above, or check the id.")
          .append("</p></main></body></html>");
      return page.toString();
    }
    long done = number(progress.get("done"));
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
        .append(Html.escape(progress.get("percent_done")))
        .append("%) &middot; <span id=\"rate\">")
        .append(Html.escape(progress.get("recent_per_second")))
        .append("</span>/s &middot; ETA <span id=\"eta\">")
        .append(eta(progress.get("eta_seconds"), done, total))
        .append("</span></p><table class=\"counts\"><tr>");
    for (String status : STATUSES) {
      page.append("<th>").append(status).append("</th>");
    }
    page.append("</tr><tr>");
    for (String status : STATUSES) {
      page.append("<td id=\"count-")
          .append(status)
          .append("\">")
          .append(number(progress.get(status)))
          .append("</td>");
    }
    page.append("</tr></table></section>");
    Banner.append(page, batchId, life, progress, stuckAfter, now);
    StatusTables.events(page, summary, now);
    Charts.append(page, summary, now);
    StatusTables.failures(page, batchId, summary, now);
    StatusTables.outputs(page, summary);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> manifest = (List<Map<String, Object>>) summary.get("batch_manifest");
    Banner.commands(
        page,
        batchId,
        life,
        progress,
        manifest.isEmpty() ? null : (String) manifest.get(0).get("manifest_uri"));
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

  static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  static double decimal(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
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
