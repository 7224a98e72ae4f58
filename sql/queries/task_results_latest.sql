-- Exactly one row per (batch_id, entry_id): its latest outcome. The newest generation wins (a
-- re-drive makes one; generation is 0 for rows written before the column existed). Within it, a job's own outcome (succeeded,
-- failed, cancelled: fetched from Ittybit) beats the task handler's verdicts, which beat
-- 'dispatched', whatever order they arrived in: a webhook can beat the task handler's own row, and
-- a job made by an attempt whose answer was lost can still succeed after a later attempt gave up.
-- A cancel by the batch's user ('cancelled', origin 'user') is a verdict like the handler's, not a
-- job's outcome: it beats 'dispatched', and a job made by an attempt in flight at the cancel still
-- wins when it finishes. An event that lacks batch and entry ids (a task-level
-- event without the job's metadata) is attributed through the job id of the entry's dispatched row.
CREATE OR REPLACE VIEW ittybatch.task_results_latest AS
WITH dispatched AS (
  SELECT job_id, ANY_VALUE(batch_id) AS batch_id, ANY_VALUE(entry_id) AS entry_id,
    ANY_VALUE(generation) AS generation
  FROM ittybatch.task_results
  WHERE status = 'dispatched' AND job_id IS NOT NULL AND entry_id IS NOT NULL
  GROUP BY job_id
),
attributed AS (
  SELECT r.* REPLACE (
           COALESCE(r.batch_id, d.batch_id) AS batch_id,
           COALESCE(r.entry_id, d.entry_id) AS entry_id,
           COALESCE(r.generation, d.generation, 0) AS generation)
  FROM ittybatch.task_results AS r
  -- A plain equi-join (the dispatched side has one row per job), so the engine can hash it; rows
  -- that carry their own ids keep them through the COALESCEs.
  LEFT JOIN dispatched AS d
    ON r.job_id = d.job_id
)
SELECT *
FROM attributed
WHERE batch_id IS NOT NULL AND entry_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY batch_id, entry_id
  ORDER BY
    generation DESC,
    CASE
      WHEN status IN ('succeeded', 'failed', 'cancelled') AND COALESCE(origin, '') != 'user' THEN 2
      WHEN status = 'dispatched' THEN 0
      ELSE 1
    END DESC,
    received_at DESC,
    event_id DESC
) = 1;
