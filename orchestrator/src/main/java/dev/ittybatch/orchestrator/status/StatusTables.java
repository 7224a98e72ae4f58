package dev.ittybatch.orchestrator.status;

import dev.ittybatch.orchestrator.batch.QueryValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status page's tables: the batch's events, the latest failures, each linking to its rows, and
 * latest outputs.
 */
final class StatusTables {

  private StatusTables() {}

  /** The batch's events of each kind: the latest, with how many there were. */
  static void events(StringBuilder page, List<Map<String, Object>> events, Instant now) {
    if (events == null || events.isEmpty()) {
      return;
    }
    page.append(
        "<section><h3>Batch events</h3><table class=\"events\"><tr><th>event</th><th>how many</th>"
            + "<th>latest</th><th>why</th></tr>");
    for (Map<String, Object> event : events) {
      page.append("<tr><td>")
          .append(Html.escape(event.get("kind")))
          .append("</td><td id=\"events-")
          .append(Html.escape(event.get("kind")))
          .append("\">")
          .append(QueryValues.number(event.get("events")))
          .append("</td><td>")
          .append(Times.html(event.get("occurred_at"), now))
          .append("</td><td>")
          .append(Html.escape(event.get("reason")))
          .append("</td></tr>");
    }
    page.append("</table></section>");
  }

  static void failures(
      StringBuilder page, String batchId, List<Map<String, Object>> failures, Instant now) {
    page.append("<section><h3>Latest failures</h3>");
    if (failures.isEmpty()) {
      page.append("<p>None.</p></section>");
      return;
    }
    page.append(
        "<table class=\"failures\"><tr><th>status</th><th>reason</th><th>source</th>"
            + "<th>time</th></tr>");
    for (Map<String, Object> row : failures) {
      page.append("<tr><td>")
          .append(Html.escape(row.get("status")))
          .append("</td><td><strong>")
          .append(Html.escape(row.get("error_kind")))
          .append("</strong> ")
          .append(Html.escape(row.get("error_message")))
          .append("</td><td><a href=\"/batches/")
          .append(StatusPage.path(batchId))
          .append("/entries/")
          .append(StatusPage.path(String.valueOf(row.get("entry_id"))))
          .append(".json\">")
          .append(Html.escape(row.get("source")))
          .append("</a></td><td>")
          .append(Times.html(row.get("received_at"), now))
          .append("</td></tr>");
    }
    page.append("</table></section>");
  }

  static void outputs(StringBuilder page, List<Map<String, Object>> outputs) {
    if (outputs.isEmpty()) {
      return;
    }
    page.append(
        "<section><h3>Latest outputs</h3><table class=\"outputs\"><tr><th>source</th>"
            + "<th>output</th><th>format</th><th>size</th><th>duration</th></tr>");
    for (Map<String, Object> row : outputs) {
      Object width = row.get("width");
      page.append("<tr><td>")
          .append(Html.escape(row.get("source")))
          .append("</td><td><a href=\"")
          .append(Html.escape(row.get("output_url")))
          .append("\">")
          .append(Html.escape(row.get("kind")))
          .append("</a></td><td>")
          .append(Html.escape(row.get("format")))
          .append("</td><td>")
          .append(
              width == null ? "" : Html.escape(width) + "&times;" + Html.escape(row.get("height")))
          .append("</td><td>")
          .append(row.get("duration") == null ? "" : Html.escape(row.get("duration") + " s"))
          .append("</td></tr>");
    }
    page.append("</table></section>");
  }
}
