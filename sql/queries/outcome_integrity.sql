-- Checks that are 0 for a healthy batch; run it at any time.
--   entries_with_conflicting_outcomes: entries whose raw rows hold two different final statuses
--     (for example dispatch_failed and succeeded). The latest view shows one of them; this shows
--     that they disagree.
--   outcomes_without_dispatch: job outcomes whose job id no dispatched row of the batch names. A
--     row believed from a webhook for a job we never created would land here (so would a job
--     whose dispatched row was lost).
WITH finals AS (
  SELECT entry_id, COUNT(DISTINCT status) AS outcomes
  FROM ittybatch.task_results
  WHERE batch_id = @batch_id AND status != 'dispatched'
  GROUP BY entry_id
),
dispatched_jobs AS (
  SELECT DISTINCT task_id
  FROM ittybatch.task_results
  WHERE batch_id = @batch_id AND status = 'dispatched' AND task_id IS NOT NULL
)
SELECT
  (SELECT COUNTIF(outcomes > 1) FROM finals) AS entries_with_conflicting_outcomes,
  (
    SELECT COUNT(*)
    FROM ittybatch.task_results AS r
    WHERE r.batch_id = @batch_id
      AND r.origin != 'task-handler'
      AND r.task_id NOT IN (SELECT task_id FROM dispatched_jobs)
  ) AS outcomes_without_dispatch;
