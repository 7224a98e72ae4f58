-- The jobs entries' dispatched rows name: how webhooks that carry our metadata (batch, entry,
-- generation) but no job id are tied to their jobs, many deliveries in one query. A key is
-- batch_id/entry_id/generation; rows from before generations were recorded count as generation 0.
-- Every dispatched row of those keys, newest first: the first of each key names its job.
SELECT
  CONCAT(batch_id, '/', entry_id, '/', CAST(COALESCE(generation, 0) AS STRING)) AS entry_key,
  job_id
FROM ittybatch.task_results
WHERE batch_id IN UNNEST(@batch_ids)
  AND CONCAT(batch_id, '/', entry_id, '/', CAST(COALESCE(generation, 0) AS STRING)) IN UNNEST(@keys)
  AND status = 'dispatched'
  AND job_id IS NOT NULL
ORDER BY received_at DESC;
