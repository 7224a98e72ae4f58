-- One line for a whole batch, against the ledger: every entry the orchestrator enqueued counts,
-- whether or not it has produced a row. pending: no outcome yet for its newest generation;
-- dispatched: Ittybit has the job; lost: recorded by reconciliation, no outcome and no task left.
-- recent_per_second is the outcome rate over the five minutes up to the latest outcome, and
-- eta_seconds what is left at that rate.
WITH ledger AS (
  SELECT entry_id, MAX(generation) AS generation
  FROM ittybatch.batch_entries
  WHERE batch_id = @batch_id
  GROUP BY entry_id
),
latest AS (
  SELECT entry_id, status, generation, received_at
  FROM ittybatch.task_results_latest
  WHERE batch_id = @batch_id
),
entries AS (
  SELECT
    CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.status END AS status,
    CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.received_at END AS received_at
  FROM ledger AS l
  FULL OUTER JOIN latest AS r
    ON r.entry_id = l.entry_id
),
span AS (
  SELECT MAX(received_at) AS last_at FROM entries WHERE status IS NOT NULL
),
counts AS (
  SELECT
    COUNT(*) AS total,
    COUNTIF(status IS NULL) AS pending,
    COUNTIF(status = 'dispatched') AS dispatched,
    COUNTIF(status IS NOT NULL AND status != 'dispatched') AS done,
    COUNTIF(status = 'succeeded') AS succeeded,
    COUNTIF(status = 'failed') AS failed,
    COUNTIF(status = 'cancelled') AS cancelled,
    COUNTIF(status = 'rejected') AS rejected,
    COUNTIF(status = 'dispatch_failed') AS dispatch_failed,
    COUNTIF(status = 'lost') AS lost,
    MIN(received_at) AS first_at,
    MAX(received_at) AS last_at,
    COUNTIF(
      status IS NOT NULL AND status != 'dispatched'
      AND UNIX_SECONDS(received_at) > UNIX_SECONDS(span.last_at) - 300) AS recent_done,
    LEAST(300, GREATEST(1, MAX(UNIX_SECONDS(received_at)) - MIN(UNIX_SECONDS(received_at))))
      AS recent_seconds
  FROM entries
  CROSS JOIN span
)
SELECT
  total, pending, dispatched, done, succeeded, failed, cancelled, rejected, dispatch_failed, lost,
  ROUND(100 * SAFE_DIVIDE(done, total), 2) AS percent_done,
  first_at,
  last_at,
  ROUND(SAFE_DIVIDE(recent_done, recent_seconds), 2) AS recent_per_second,
  CAST(ROUND(SAFE_DIVIDE(total - done, SAFE_DIVIDE(recent_done, recent_seconds))) AS INT64)
    AS eta_seconds
FROM counts;
