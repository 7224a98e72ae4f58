-- Every outcome that is not a success, grouped by reason, with an example of each.
SELECT
  status,
  COALESCE(error_kind, '(none)') AS error_kind,
  COUNT(*) AS entries,
  ANY_VALUE(error_message) AS example_message,
  -- || rather than CONCAT: CONCAT skips NULLs in DuckDB but not in BigQuery.
  ANY_VALUE(COALESCE('gs://' || source_bucket || '/', '') || COALESCE(source_key, '')) AS example_source
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id AND status IN ('failed', 'cancelled', 'rejected', 'dispatch_failed')
GROUP BY status, error_kind
ORDER BY entries DESC, status, error_kind;
