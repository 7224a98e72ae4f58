-- Every entry whose latest outcome is not 'succeeded' (pending and dispatched ones included), with
-- what a spreadsheet or a --retry needs: path, kind, status, error, attempts, job.
WITH ledger AS (
  SELECT entry_id, generation, path, kind
  FROM ittybatch.batch_entries
  WHERE batch_id = @batch_id
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY entry_id ORDER BY generation DESC, recorded_at DESC) = 1
),
latest AS (
  SELECT *
  FROM ittybatch.task_results_latest
  WHERE batch_id = @batch_id
)
SELECT
  COALESCE(l.path,
    IF(r.source_bucket IS NULL, r.source_key, CONCAT('gs://', r.source_bucket, '/', r.source_key)))
    AS path,
  COALESCE(l.kind, r.kind) AS kind,
  CASE
    WHEN r.generation >= COALESCE(l.generation, 0) THEN r.status
    ELSE 'pending'
  END AS status,
  CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.error_kind END AS error_kind,
  CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.error_message END AS error_message,
  CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.attempt END AS attempts,
  CASE WHEN r.generation >= COALESCE(l.generation, 0) THEN r.job_id END AS job_id,
  COALESCE(l.entry_id, r.entry_id) AS entry_id
FROM ledger AS l
FULL OUTER JOIN latest AS r
  ON r.entry_id = l.entry_id
WHERE r.status IS NULL OR r.status != 'succeeded' OR r.generation < COALESCE(l.generation, 0)
ORDER BY path;
