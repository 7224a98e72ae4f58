package dev.ittybatch.orchestrator.batch;

import java.time.Instant;
import java.util.Map;

/**
 * The one row of {@code sql/queries/progress_summary.sql}, read here only: counts as numbers (0
 * when the query gave none), the rest as the query gave them, for a page or a notice to show as
 * they are.
 *
 * @param row the row itself, for {@code summary.json}
 */
public record Progress(
    long total,
    long done,
    Object percentDone,
    Object recentPerSecond,
    Object etaSeconds,
    Instant lastAt,
    Map<String, Object> row) {

  /** The progress of a batch with no rows: every count 0. */
  static final Progress NONE = read(Map.of());

  public static Progress read(Map<String, Object> row) {
    return new Progress(
        QueryValues.number(row.get("total")),
        QueryValues.number(row.get("done")),
        row.get("percent_done"),
        row.get("recent_per_second"),
        row.get("eta_seconds"),
        QueryValues.instant(row.get("last_at")),
        row);
  }

  /** How many entries are in {@code status}: {@code pending}, or a result status's wire name. */
  public long count(String status) {
    return QueryValues.number(row.get(status));
  }

  /** Entries with no outcome yet: pending in the queue, or dispatched and awaiting a webhook. */
  public long waiting() {
    return count("pending") + count("dispatched");
  }
}
