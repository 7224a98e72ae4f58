-- Append-only: rows streamed in the last ~30 minutes cannot be updated, and webhooks arrive more
-- than once, so every outcome is a new row and readers de-duplicate through task_results_latest.
CREATE TABLE IF NOT EXISTS ittybatch.task_results (
  -- columns of the original schema, same types; job_id was task_id (05_job_id.sql renames it)
  job_id        STRING    OPTIONS (description = 'Ittybit job id'),
  status        STRING    NOT NULL OPTIONS (description = 'succeeded | failed | cancelled | dispatched | rejected | dispatch_failed | lost'),
  kind          STRING    OPTIONS (description = 'video | audio | image | animation | adaptive_video'),
  source_bucket STRING,
  source_key    STRING    OPTIONS (description = 'object name, or the URL of an https:// input'),
  output_url    STRING,
  width         INT64,
  height        INT64,
  duration      FLOAT64   OPTIONS (description = 'media duration of the output, seconds'),
  format        STRING,
  duration_ms   INT64     OPTIONS (description = 'Ittybit processing time, created_at to completed_at'),
  created_at    TIMESTAMP,
  completed_at  TIMESTAMP,
  -- added
  batch_id      STRING,
  entry_id      STRING    OPTIONS (description = 'hash of path, kind and options'),
  event_id      STRING    NOT NULL OPTIONS (description = 'de-duplication key'),
  error_kind    STRING,
  error_message STRING,
  received_at   TIMESTAMP NOT NULL OPTIONS (description = 'when the row was written'),
  started_at    TIMESTAMP,
  origin        STRING    OPTIONS (description = 'task-handler | webhook | reconcile | user (a cancel)'),
  attempt       INT64     OPTIONS (description = 'Cloud Tasks attempt that wrote a task-handler row'),
  generation    INT64     OPTIONS (description = 'the entry generation the row is about: 0, then one more per re-drive')
)
PARTITION BY DATE(received_at)
CLUSTER BY batch_id, status
OPTIONS (description = 'Every outcome recorded for every manifest entry; read task_results_latest');

-- Tables made before generations existed get the column (a no-op on a new table).
ALTER TABLE ittybatch.task_results
  ADD COLUMN IF NOT EXISTS generation INT64
  OPTIONS (description = 'the entry generation the row is about: 0, then one more per re-drive');
