-- The batches the ledger knows, newest first: for the status page's batch selector.
SELECT
  batch_id,
  MIN(started_at) AS started_at,
  MAX(finished_at) AS finished_at,
  MAX(entries) AS entries
FROM ittybatch.batch_runs
GROUP BY batch_id
ORDER BY started_at DESC
LIMIT 200;
