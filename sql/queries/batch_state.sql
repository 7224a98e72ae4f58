-- Every entry of a batch once, from the ledger and the results together: its newest generation,
-- the status of that generation (NULL while it has none: pending), the job and when the status
-- came, and the ledger's task name and enqueued_at (a pending entry enqueued again keeps it, so its
-- signed URL, and so its request body, stay the same bytes under the same idempotency key). The orchestrator streams it to skip what is settled, to pick
-- what to re-drive and what to reconcile. An entry with rows but no ledger row (written before the
-- ledger existed) still appears.
WITH ledger AS (
  SELECT entry_id, generation, task_name, line, enqueued_at, recorded_at
  FROM ittybatch.batch_entries
  WHERE batch_id = @batch_id
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY entry_id ORDER BY generation DESC, recorded_at DESC) = 1
),
latest AS (
  SELECT entry_id, status, generation, job_id, received_at
  FROM ittybatch.task_results_latest
  WHERE batch_id = @batch_id
)
SELECT
  COALESCE(l.entry_id, r.entry_id) AS entry_id,
  GREATEST(COALESCE(l.generation, 0), COALESCE(r.generation, 0)) AS generation,
  CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.status END AS status,
  CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.job_id END AS job_id,
  CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.received_at END AS status_at,
  l.task_name,
  l.line,
  l.enqueued_at,
  l.recorded_at AS ledger_at
FROM ledger AS l
FULL OUTER JOIN latest AS r
  ON r.entry_id = l.entry_id;
