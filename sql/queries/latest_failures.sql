-- The most recent entries whose latest outcome is not a success: status, reason, source, time.
SELECT
  entry_id,
  status,
  error_kind,
  error_message,
  IF(source_bucket IS NULL, source_key, CONCAT('gs://', source_bucket, '/', source_key)) AS source,
  received_at
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id
  AND status IN ('failed', 'cancelled', 'rejected', 'dispatch_failed', 'lost')
ORDER BY received_at DESC, entry_id
LIMIT 25;
