-- A batch's events: the latest of each kind, with how many there were. The batch is stopped when
-- its latest breaker_tripped is later than every resumed; webhook_unplaced counts deliveries that
-- named nothing of ours (reconciliation settles their entries). Events of no one batch (a resume of
-- the whole queue, a webhook with no batch in it) count for every batch run before they happened.
WITH since AS (
  SELECT MIN(started_at) AS first_run
  FROM ittybatch.batch_runs
  WHERE batch_id = @batch_id
),
events AS (
  SELECT e.kind, e.reason, e.detail, e.origin, e.occurred_at, e.batch_id
  FROM ittybatch.batch_events AS e
  CROSS JOIN since
  WHERE e.batch_id = @batch_id
    OR (e.batch_id IS NULL AND e.occurred_at >= since.first_run)
)
SELECT
  kind,
  reason,
  detail,
  origin,
  occurred_at,
  batch_id,
  COUNT(*) OVER (PARTITION BY kind) AS events
FROM events
QUALIFY ROW_NUMBER() OVER (PARTITION BY kind ORDER BY occurred_at DESC) = 1
ORDER BY occurred_at DESC;
