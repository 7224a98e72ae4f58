-- How many attempts the task handler needed to settle each entry (dispatched, rejected or given
-- up): the dispatch attempts histogram.
SELECT
  attempt,
  COUNT(DISTINCT entry_id) AS entries
FROM ittybatch.task_results
WHERE batch_id = @batch_id
  AND origin = 'task-handler'
  AND attempt IS NOT NULL
  AND status IN ('dispatched', 'rejected', 'dispatch_failed')
GROUP BY attempt
ORDER BY attempt;
