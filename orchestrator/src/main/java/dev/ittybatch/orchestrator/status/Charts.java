package dev.ittybatch.orchestrator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The page's three charts: outcomes over time, in bars as wide as the batch's span needs to fit in
 * about 60 ({@code sql/queries/outcomes_over_time.sql} picks the width: seconds for a batch of a
 * minute, hours for one of days), average processing time by kind, and dispatch attempts needed.
 */
final class Charts {

  private Charts() {}

  static void append(StringBuilder page, BatchSummary summary, Instant now) {
    List<Sections.Bucket> buckets = summary.sections().buckets();
    long width = buckets.isEmpty() ? 60 : buckets.get(0).seconds();
    List<Svg.Bar> bars = new ArrayList<>();
    for (Sections.Bucket bucket : buckets) {
      Instant start = bucket.start();
      double ok = bucket.succeeded();
      double not = bucket.notSucceeded();
      bars.add(
          new Svg.Bar(
              start == null ? "" : Times.label(start, width),
              new double[] {ok, not},
              (start == null ? "" : Times.brief(start, now) + " (" + start + ")")
                  + ": "
                  + (long) ok
                  + " succeeded, "
                  + (long) not
                  + " not"));
    }
    String title = "Outcomes per " + Times.width(width);
    page.append("<section><h3>")
        .append(Html.escape(title))
        .append("</h3>")
        .append(Svg.stackedBars(title, List.of("succeeded", "not succeeded"), bars, ""))
        .append("</section>");
    List<String> kinds = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (Sections.KindTime kind : summary.sections().kinds()) {
      kinds.add(kind.kind() + " (" + kind.succeeded() + ")");
      seconds.add(kind.averageSeconds());
    }
    page.append("<section><h3>Processing time by kind (average)</h3>")
        .append(Svg.horizontalBars("Average processing seconds by kind", kinds, seconds, " s"))
        .append("</section>");
    List<String> attempts = new ArrayList<>();
    List<Double> entries = new ArrayList<>();
    for (Sections.Attempts row : summary.sections().attempts()) {
      attempts.add("attempt " + row.attempt());
      entries.add(row.entries());
    }
    page.append("<section><h3>Dispatch attempts needed</h3>")
        .append(Svg.horizontalBars("Entries by dispatch attempts", attempts, entries, ""))
        .append("</section>");
  }
}
