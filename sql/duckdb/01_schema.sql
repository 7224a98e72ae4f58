-- The local results store: the same columns as sql/bigquery/02_task_results.sql, in DuckDB types.
-- A schema named like the BigQuery dataset lets the queries in sql/queries run unchanged.
CREATE SCHEMA IF NOT EXISTS ittybatch;

CREATE TABLE IF NOT EXISTS ittybatch.task_results (
  task_id       VARCHAR,
  status        VARCHAR NOT NULL,
  kind          VARCHAR,
  source_bucket VARCHAR,
  source_key    VARCHAR,
  output_url    VARCHAR,
  width         BIGINT,
  height        BIGINT,
  duration      DOUBLE,
  format        VARCHAR,
  duration_ms   BIGINT,
  created_at    TIMESTAMP,
  completed_at  TIMESTAMP,
  batch_id      VARCHAR,
  entry_id      VARCHAR,
  -- No key, as in BigQuery: the table is append-only and task_results_latest de-duplicates.
  -- (A primary key made every insert an index probe and cut ingest to a third.)
  event_id      VARCHAR NOT NULL,
  error_kind    VARCHAR,
  error_message VARCHAR,
  received_at   TIMESTAMP NOT NULL,
  started_at    TIMESTAMP,
  origin        VARCHAR,
  attempt       BIGINT,
  generation    BIGINT
);

-- The batch ledger (sql/bigquery/03_batch_ledger.sql), written through the webhook-handler's
-- internal endpoint because only it may open this file.
CREATE TABLE IF NOT EXISTS ittybatch.batch_runs (
  batch_id            VARCHAR NOT NULL,
  run_id              VARCHAR NOT NULL,
  mode                VARCHAR,
  manifest_uri        VARCHAR,
  manifest_generation VARCHAR,
  entries             BIGINT,
  entries_by_kind     VARCHAR,
  invalid             BIGINT,
  shard_index         BIGINT,
  shard_count         BIGINT,
  enqueued            BIGINT,
  skipped             BIGINT,
  started_at          TIMESTAMP NOT NULL,
  finished_at         TIMESTAMP
);

CREATE TABLE IF NOT EXISTS ittybatch.batch_entries (
  batch_id    VARCHAR NOT NULL,
  entry_id    VARCHAR NOT NULL,
  line        BIGINT,
  path        VARCHAR,
  kind        VARCHAR,
  generation  BIGINT NOT NULL,
  task_name   VARCHAR,
  enqueued_at TIMESTAMP,
  run_id      VARCHAR,
  recorded_at TIMESTAMP NOT NULL
);

-- Events of whole batches (sql/bigquery/04_batch_events.sql).
CREATE TABLE IF NOT EXISTS ittybatch.batch_events (
  event_id VARCHAR NOT NULL,
  batch_id VARCHAR,
  kind     VARCHAR NOT NULL,
  reason   VARCHAR,
  detail   VARCHAR,
  origin   VARCHAR NOT NULL,
  occurred_at TIMESTAMP NOT NULL
);

-- Names a batch's passes claim, each taken once: the local side of the objects a deployment's
-- orchestrator creates only if absent in LEDGER_LOCATION, so that of several reconciliation passes
-- only one posts a notice.
CREATE TABLE IF NOT EXISTS ittybatch.batch_claims (
  batch_id   VARCHAR NOT NULL,
  name       VARCHAR NOT NULL,
  claimed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (batch_id, name)
);
