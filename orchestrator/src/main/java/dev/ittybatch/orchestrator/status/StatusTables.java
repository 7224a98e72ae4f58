package dev.ittybatch.orchestrator.status;

import java.time.Instant;
import java.util.List;

/**
 * The status page's tables: the batch's events, the latest failures, each linking to its rows, and
 * latest outputs.
 */
final class StatusTables {

  private StatusTables() {}

  /** The batch's events of each kind: the latest, with how many there were. */
  static void events(StringBuilder page, List<Sections.Event> events, Instant now) {
    if (events.isEmpty()) {
      return;
    }
    page.append(
        "<section><h3>Batch events</h3><table class=\"events\"><tr><th>event</th><th>how many</th>"
            + "<th>latest</th><th>why</th></tr>");
    for (Sections.Event event : events) {
      page.append("<tr><td>")
          .append(Html.escape(event.kind()))
          .append("</td><td id=\"events-")
          .append(Html.escape(event.kind()))
          .append("\">")
          .append(event.events())
          .append("</td><td>")
          .append(Times.html(event.occurredAt(), now))
          .append("</td><td>")
          .append(Html.escape(event.reason()))
          .append("</td></tr>");
    }
    page.append("</table></section>");
  }

  static void failures(
      StringBuilder page, String batchId, List<Sections.Failure> failures, Instant now) {
    page.append("<section><h3>Latest failures</h3>");
    if (failures.isEmpty()) {
      page.append("<p>None.</p></section>");
      return;
    }
    page.append(
        "<table class=\"failures\"><tr><th>status</th><th>reason</th><th>source</th>"
            + "<th>time</th></tr>");
    for (Sections.Failure row : failures) {
      page.append("<tr><td>")
          .append(Html.escape(row.status()))
          .append("</td><td><strong>")
          .append(Html.escape(row.errorKind()))
          .append("</strong> ")
          .append(Html.escape(row.errorMessage()))
          .append("</td><td><a href=\"/batches/")
          .append(StatusPage.path(batchId))
          .append("/entries/")
          .append(StatusPage.path(String.valueOf(row.entryId())))
          .append(".json\">")
          .append(Html.escape(row.source()))
          .append("</a></td><td>")
          .append(Times.html(row.receivedAt(), now))
          .append("</td></tr>");
    }
    page.append("</table></section>");
  }

  static void outputs(StringBuilder page, List<Sections.Output> outputs) {
    if (outputs.isEmpty()) {
      return;
    }
    page.append(
        "<section><h3>Latest outputs</h3><table class=\"outputs\"><tr><th>source</th>"
            + "<th>output</th><th>format</th><th>size</th><th>duration</th></tr>");
    for (Sections.Output row : outputs) {
      Number width = row.width();
      page.append("<tr><td>")
          .append(Html.escape(row.source()))
          .append("</td><td><a href=\"")
          .append(Html.escape(row.outputUrl()))
          .append("\">")
          .append(Html.escape(row.kind()))
          .append("</a></td><td>")
          .append(Html.escape(row.format()))
          .append("</td><td>")
          .append(width == null ? "" : Html.escape(width) + "&times;" + Html.escape(row.height()))
          .append("</td><td>")
          .append(row.duration() == null ? "" : Html.escape(row.duration() + " s"))
          .append("</td></tr>");
    }
    page.append("</table></section>");
  }
}
