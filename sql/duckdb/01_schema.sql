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
  attempt       BIGINT
);
