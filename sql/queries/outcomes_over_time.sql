-- Outcomes recorded over time, in bars as wide as the batch's span needs to fit in about 60: a
-- second each for a batch of a minute, minutes for an hour, an hour each for two days. The width
-- is a round number of seconds from the ladder below, or the span's sixtieth past its end. Rows are
-- grouped by their bar's number and only each group's number becomes a timestamp.
WITH outcomes AS (
  SELECT UNIX_SECONDS(received_at) AS second, status
  FROM ittybatch.task_results_latest
  WHERE batch_id = @batch_id AND status != 'dispatched'
),
span AS (
  SELECT MAX(second) - MIN(second) AS seconds FROM outcomes
),
width AS (
  SELECT
    CASE
      WHEN seconds < 60 THEN 1
      WHEN seconds < 120 THEN 2
      WHEN seconds < 300 THEN 5
      WHEN seconds < 600 THEN 10
      WHEN seconds < 900 THEN 15
      WHEN seconds < 1800 THEN 30
      WHEN seconds < 3600 THEN 60
      WHEN seconds < 7200 THEN 120
      WHEN seconds < 18000 THEN 300
      WHEN seconds < 36000 THEN 600
      WHEN seconds < 54000 THEN 900
      WHEN seconds < 108000 THEN 1800
      WHEN seconds < 216000 THEN 3600
      WHEN seconds < 432000 THEN 7200
      WHEN seconds < 1296000 THEN 21600
      WHEN seconds < 5184000 THEN 86400
      ELSE DIV(seconds, 60) + 1
    END AS seconds
  FROM span
)
SELECT
  TIMESTAMP_SECONDS(bucket * width.seconds) AS bucket_start,
  width.seconds AS bucket_seconds,
  COUNT(*) AS outcomes,
  COUNTIF(status = 'succeeded') AS succeeded,
  COUNTIF(status != 'succeeded') AS not_succeeded
FROM (
  SELECT DIV(o.second, w.seconds) AS bucket, o.status
  FROM outcomes AS o
  CROSS JOIN width AS w
)
CROSS JOIN width
GROUP BY bucket, width.seconds
ORDER BY bucket;
