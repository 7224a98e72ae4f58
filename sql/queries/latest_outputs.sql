-- The most recent outputs of a batch, with what Ittybit measured of each (width, height, duration,
-- format): the status page's "latest outputs" panel.
SELECT
  entry_id,
  kind,
  IF(source_bucket IS NULL, source_key, CONCAT('gs://', source_bucket, '/', source_key)) AS source,
  output_url,
  format,
  width,
  height,
  duration,
  received_at
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id AND status = 'succeeded'
ORDER BY received_at DESC, entry_id
LIMIT 10;
