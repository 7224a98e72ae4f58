-- The dialect shim: BigQuery functions the shared queries use that DuckDB lacks. Timestamps are
-- stored as UTC, as BigQuery's are.
CREATE OR REPLACE MACRO div(a, b) AS a // b;
CREATE OR REPLACE MACRO safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END;
CREATE OR REPLACE MACRO unix_seconds(ts) AS CAST(epoch(ts) AS BIGINT);
CREATE OR REPLACE MACRO timestamp_seconds(s) AS CAST(to_timestamp(s) AT TIME ZONE 'UTC' AS TIMESTAMP);
