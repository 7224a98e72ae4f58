-- The column that holds Ittybit's job id was named task_id, which analysts read as a Cloud Tasks
-- task. A table made before the rename gets the new name; on a table that already has job_id the
-- statement does nothing, so setup can run it every time. Renaming keeps the data and costs no
-- query bytes (DDL reference, ALTER TABLE RENAME COLUMN). task_results_latest names the column,
-- so setup re-creates the view after this.
ALTER TABLE ittybatch.task_results
  RENAME COLUMN IF EXISTS task_id TO job_id;
