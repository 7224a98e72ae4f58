-- Outcomes recorded per minute: the batch's pace, and whether failures bunch up. Rows are grouped
-- by the minute's number and only each group's number becomes a timestamp: converting every row's
-- time was most of this query's cost.
SELECT
  TIMESTAMP_SECONDS(minute_number * 60) AS minute,
  COUNT(*) AS outcomes,
  COUNTIF(status = 'succeeded') AS succeeded,
  COUNTIF(status != 'succeeded') AS not_succeeded
FROM (
  SELECT DIV(UNIX_SECONDS(received_at), 60) AS minute_number, status
  FROM ittybatch.task_results_latest
  WHERE batch_id = @batch_id AND status != 'dispatched'
)
GROUP BY minute_number
ORDER BY minute_number;
