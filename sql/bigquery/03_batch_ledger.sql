-- The batch ledger: what the orchestrator meant to process, written before the tasks are created.
-- It is the denominator of progress (an entry that never produced a row still counts) and the
-- memory of re-runs, reconciliation and re-drives. Both tables are append-only, loaded by load jobs
-- from NDJSON files the orchestrator writes beside the manifest (free, atomic; no streaming buffer);
-- readers take the newest row per key, so a re-run or a retried Cloud Run task that loads the same
-- entries again changes nothing.
CREATE TABLE IF NOT EXISTS ittybatch.batch_runs (
  batch_id            STRING    NOT NULL,
  run_id              STRING    NOT NULL OPTIONS (description = 'execution, shard and attempt of the orchestrator run'),
  mode                STRING    OPTIONS (description = 'enqueue | retry | reconcile'),
  manifest_uri        STRING,
  manifest_generation STRING    OPTIONS (description = 'Cloud Storage generation of the manifest object read'),
  entries             INT64     OPTIONS (description = 'valid entries in the manifest'),
  entries_by_kind     STRING    OPTIONS (description = 'JSON object: valid entries per kind'),
  invalid             INT64,
  shard_index         INT64,
  shard_count         INT64,
  enqueued            INT64     OPTIONS (description = 'tasks this run created (or found already in the queue)'),
  skipped             INT64     OPTIONS (description = 'entries skipped: their latest outcome was terminal or dispatched'),
  started_at          TIMESTAMP NOT NULL,
  finished_at         TIMESTAMP OPTIONS (description = 'null in the row written when the run started')
)
PARTITION BY DATE(started_at)
CLUSTER BY batch_id
OPTIONS (description = 'Every orchestrator run of every batch: one row at its start, one at its end');

CREATE TABLE IF NOT EXISTS ittybatch.batch_entries (
  batch_id    STRING    NOT NULL,
  entry_id    STRING    NOT NULL,
  line        INT64     OPTIONS (description = 'line of the manifest'),
  path        STRING,
  kind        STRING,
  generation  INT64     NOT NULL OPTIONS (description = '0, then one more per re-drive'),
  task_name   STRING    OPTIONS (description = 'full Cloud Tasks task name of this generation'),
  enqueued_at TIMESTAMP OPTIONS (description = 'the run instant the task carries (its URL is signed as of it)'),
  run_id      STRING,
  recorded_at TIMESTAMP NOT NULL
)
PARTITION BY DATE(recorded_at)
CLUSTER BY batch_id, entry_id
OPTIONS (description = 'Every entry the orchestrator enqueued, per generation');
