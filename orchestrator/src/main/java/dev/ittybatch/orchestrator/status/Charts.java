package dev.ittybatch.orchestrator.status;

import dev.ittybatch.orchestrator.batch.QueryValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The page's three charts: outcomes over time, in bars as wide as the batch's span needs to fit in
 * about 60 ({@code sql/queries/outcomes_over_time.sql} picks the width: seconds for a batch of a
 * minute, hours for one of days), average processing time by kind, and dispatch attempts needed.
 */
final class Charts {

  private Charts() {}

  static void append(StringBuilder page, BatchSummary summary, Instant now) {
    List<Map<String, Object>> buckets = summary.section("outcomes_over_time");
    long width = buckets.isEmpty() ? 60 : QueryValues.number(buckets.get(0).get("bucket_seconds"));
    List<Svg.Bar> bars = new ArrayList<>();
    for (Map<String, Object> row : buckets) {
      Instant start = QueryValues.instant(row.get("bucket_start"));
      double ok = QueryValues.number(row.get("succeeded"));
      double not = QueryValues.number(row.get("not_succeeded"));
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
    for (Map<String, Object> row : summary.section("processing_time_by_kind")) {
      kinds.add(row.get("kind") + " (" + QueryValues.number(row.get("succeeded")) + ")");
      seconds.add(StatusPage.decimal(row.get("avg_processing_seconds")));
    }
    page.append("<section><h3>Processing time by kind (average)</h3>")
        .append(Svg.horizontalBars("Average processing seconds by kind", kinds, seconds, " s"))
        .append("</section>");
    List<String> attempts = new ArrayList<>();
    List<Double> entries = new ArrayList<>();
    for (Map<String, Object> row : summary.section("dispatch_attempts")) {
      attempts.add("attempt " + row.get("attempt"));
      entries.add(StatusPage.decimal(row.get("entries")));
    }
    page.append("<section><h3>Dispatch attempts needed</h3>")
        .append(Svg.horizontalBars("Entries by dispatch attempts", attempts, entries, ""))
        .append("</section>");
  }
}
