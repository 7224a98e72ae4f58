-- A batch's life from its events, for the orchestrator (is it paused, cancelled, stopped by its
-- breaker; has its done or stuck notice gone out), deploy.sh status and the status page: for each
-- kind, the latest event of this batch and, apart, the latest that concerns no one batch (a resume
-- of the whole queue after a breaker's stop), with how many there were. in_force says whether a
-- pause, a cancel or a breaker's stop holds now: a pause or a cancel ends only with a later resume
-- of this batch, a breaker's stop with any later resume. Two rows come from its runs:
-- 'batch_started', when its first run began, and 'last_run', when its latest run last wrote (a run
-- that enqueues is the batch moving). Unplaced webhooks are not part of its life.
WITH since AS (
  SELECT
    MIN(started_at) AS first_run,
    MAX(COALESCE(finished_at, started_at)) AS last_run,
    COUNT(DISTINCT run_id) AS runs
  FROM ittybatch.batch_runs
  WHERE batch_id = @batch_id
),
events AS (
  SELECT e.kind, e.batch_id IS NULL AS whole_queue, e.reason, e.detail, e.occurred_at
  FROM ittybatch.batch_events AS e
  CROSS JOIN since
  WHERE e.kind != 'webhook_unplaced'
    AND (e.batch_id = @batch_id OR (e.batch_id IS NULL AND e.occurred_at >= since.first_run))
),
resumes AS (
  SELECT
    MAX(CASE WHEN NOT whole_queue THEN occurred_at END) AS batch_resumed,
    MAX(occurred_at) AS any_resumed
  FROM events
  WHERE kind = 'resumed'
),
latest AS (
  SELECT
    kind,
    whole_queue,
    reason,
    detail,
    occurred_at,
    COUNT(*) OVER (PARTITION BY kind, whole_queue) AS events
  FROM events
  QUALIFY ROW_NUMBER() OVER (PARTITION BY kind, whole_queue ORDER BY occurred_at DESC) = 1
)
SELECT
  'batch_started' AS kind,
  FALSE AS whole_queue,
  CAST(NULL AS STRING) AS reason,
  CAST(NULL AS STRING) AS detail,
  first_run AS occurred_at,
  1 AS events,
  CAST(NULL AS BOOL) AS in_force
FROM since
UNION ALL
SELECT
  'last_run' AS kind,
  FALSE AS whole_queue,
  CAST(NULL AS STRING) AS reason,
  CAST(NULL AS STRING) AS detail,
  last_run AS occurred_at,
  runs AS events,
  CAST(NULL AS BOOL) AS in_force
FROM since
UNION ALL
SELECT
  l.kind,
  l.whole_queue,
  l.reason,
  l.detail,
  l.occurred_at,
  l.events,
  CASE
    WHEN l.kind IN ('paused', 'cancelled')
      THEN r.batch_resumed IS NULL OR l.occurred_at > r.batch_resumed
    WHEN l.kind = 'breaker_tripped'
      THEN r.any_resumed IS NULL OR l.occurred_at > r.any_resumed
  END AS in_force
FROM latest AS l
CROSS JOIN resumes AS r
ORDER BY occurred_at, kind;
