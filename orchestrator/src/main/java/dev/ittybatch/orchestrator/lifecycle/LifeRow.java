package dev.ittybatch.orchestrator.lifecycle;

import dev.ittybatch.orchestrator.batch.QueryValues;
import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code sql/queries/batch_life.sql}, read here only: the latest event of a kind, for
 * the batch itself or for the whole queue.
 *
 * @param inForce whether the query says the event holds now (a pause or cancel not yet resumed)
 * @param occurredAt when it happened; null when the row carries no time
 */
record LifeRow(
    String kind,
    boolean wholeQueue,
    boolean inForce,
    Instant occurredAt,
    String reason,
    String detail) {

  static LifeRow read(Map<String, Object> row) {
    return new LifeRow(
        (String) row.get("kind"),
        Boolean.TRUE.equals(row.get("whole_queue")),
        Boolean.TRUE.equals(row.get("in_force")),
        QueryValues.instant(row.get("occurred_at")),
        (String) row.get("reason"),
        (String) row.get("detail"));
  }
}
