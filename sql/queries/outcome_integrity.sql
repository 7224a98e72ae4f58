-- Checks that are 0 for a healthy batch; run it at any time.
--   entries_with_conflicting_outcomes: entries with two different job outcomes (succeeded and
--     failed, say) for one generation, or two different task-handler verdicts. The latest view
--     shows one of them; this shows that they disagree.
--   outcomes_without_dispatch: job outcomes whose job id no dispatched row of the batch names. A
--     row believed from a webhook for a job we never created would land here (so would a job
--     whose dispatched row was lost).
-- And one that is not an error, for the record:
--   verdicts_overruled_by_job: entries the task handler gave up on (dispatch_failed) although an
--     earlier attempt had made a job whose answer was lost; the job's own outcome, fetched from
--     Ittybit, is the one the latest view shows.
WITH finals AS (
  SELECT
    entry_id,
    COALESCE(generation, 0) AS generation,
    COUNT(DISTINCT IF(status IN ('succeeded', 'failed', 'cancelled'), status, NULL)) AS outcomes,
    COUNT(DISTINCT IF(status IN ('rejected', 'dispatch_failed'), status, NULL)) AS verdicts
  FROM ittybatch.task_results
  WHERE batch_id = @batch_id AND status != 'dispatched'
  GROUP BY entry_id, generation
),
dispatched_jobs AS (
  SELECT DISTINCT job_id
  FROM ittybatch.task_results
  WHERE batch_id = @batch_id AND status = 'dispatched' AND job_id IS NOT NULL
)
SELECT
  (SELECT COUNTIF(outcomes > 1 OR verdicts > 1) FROM finals) AS entries_with_conflicting_outcomes,
  (
    SELECT COUNT(*)
    FROM ittybatch.task_results AS r
    WHERE r.batch_id = @batch_id
      AND r.origin != 'task-handler'
      AND r.status IN ('succeeded', 'failed', 'cancelled')
      AND r.job_id NOT IN (SELECT job_id FROM dispatched_jobs)
  ) AS outcomes_without_dispatch,
  (SELECT COUNTIF(outcomes > 0 AND verdicts > 0) FROM finals) AS verdicts_overruled_by_job;
