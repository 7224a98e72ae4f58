-- The manifest a batch was last enqueued from: reconciliation re-reads it to re-drive lost entries.
SELECT manifest_uri
FROM ittybatch.batch_runs
WHERE batch_id = @batch_id AND mode = 'enqueue' AND manifest_uri IS NOT NULL
ORDER BY started_at DESC
LIMIT 1;
