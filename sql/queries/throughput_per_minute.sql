-- Outcomes recorded per minute: the batch's pace, and whether failures bunch up.
SELECT
  TIMESTAMP_SECONDS(DIV(UNIX_SECONDS(received_at), 60) * 60) AS minute,
  COUNT(*) AS outcomes,
  COUNTIF(status = 'succeeded') AS succeeded,
  COUNTIF(status != 'succeeded') AS not_succeeded
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id AND status != 'dispatched'
GROUP BY minute
ORDER BY minute;
