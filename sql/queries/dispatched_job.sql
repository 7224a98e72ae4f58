-- The job an entry's dispatched row names: how a webhook that carries our metadata (batch, entry,
-- generation) but no job id is tied to its job. The newest such row of that generation; rows from
-- before generations were recorded count as generation 0.
SELECT job_id
FROM ittybatch.task_results
WHERE batch_id = @batch_id
  AND entry_id = @entry_id
  AND COALESCE(generation, 0) = @generation
  AND status = 'dispatched'
  AND job_id IS NOT NULL
ORDER BY received_at DESC
LIMIT 1;
