package dev.ittybatch.orchestrator.status;

import java.util.Map;

/**
 * The one row of {@code progress_summary.sql}: counts as numbers (0 when the query gave none), the
 * rest as the query gave them, to be shown as they are.
 *
 * @param lastAt when the batch's latest outcome came, as the query gave it
 * @param row the row itself, for {@code summary.json}
 */
record Progress(
    long total,
    long done,
    Object percentDone,
    Object recentPerSecond,
    Object etaSeconds,
    Object lastAt,
    Map<String, Object> row) {

  static Progress read(Map<String, Object> row) {
    return new Progress(
        number(row.get("total")),
        number(row.get("done")),
        row.get("percent_done"),
        row.get("recent_per_second"),
        row.get("eta_seconds"),
        row.get("last_at"),
        row);
  }

  /** How many entries are in {@code status} ({@link StatusPage#STATUSES}). */
  long count(String status) {
    return number(row.get(status));
  }

  /** Entries with no outcome yet: pending in the queue, or dispatched and awaiting a webhook. */
  long waiting() {
    return count("pending") + count("dispatched");
  }

  static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
