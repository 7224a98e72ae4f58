-- Completion by status: how many entries have each latest outcome, and their share.
SELECT
  status,
  COUNT(*) AS entries,
  ROUND(100 * COUNT(*) / SUM(COUNT(*)) OVER (), 2) AS percent
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id
GROUP BY status
ORDER BY entries DESC, status;
