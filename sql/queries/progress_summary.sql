-- One line for a whole batch: entries seen, outcomes so far, and the time span.
SELECT
  COUNT(*) AS entries,
  COUNTIF(status != 'dispatched') AS done,
  COUNTIF(status = 'dispatched') AS in_flight,
  COUNTIF(status = 'succeeded') AS succeeded,
  COUNTIF(status = 'failed') AS failed,
  COUNTIF(status = 'cancelled') AS cancelled,
  COUNTIF(status = 'rejected') AS rejected,
  COUNTIF(status = 'dispatch_failed') AS dispatch_failed,
  ROUND(100 * SAFE_DIVIDE(COUNTIF(status != 'dispatched'), COUNT(*)), 2) AS percent_done,
  MIN(received_at) AS first_at,
  MAX(received_at) AS last_at
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id;
