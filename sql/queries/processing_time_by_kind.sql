-- How long Ittybit took per kind, over succeeded entries only (created_at to completed_at).
SELECT
  kind,
  COUNT(*) AS succeeded,
  ROUND(AVG(duration_ms) / 1000, 2) AS avg_processing_seconds,
  ROUND(MIN(duration_ms) / 1000, 2) AS min_processing_seconds,
  ROUND(MAX(duration_ms) / 1000, 2) AS max_processing_seconds
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id AND status = 'succeeded'
GROUP BY kind
ORDER BY kind;
