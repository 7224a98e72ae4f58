-- What each entry produced: the latest succeeded outcome's output, with what ffprobe-style
-- measurements Ittybit reported (width, height, duration, format). For exports and the page.
SELECT
  entry_id,
  kind,
  source_bucket,
  source_key,
  output_url,
  width,
  height,
  duration,
  format,
  duration_ms,
  job_id
FROM ittybatch.task_results_latest
WHERE batch_id = @batch_id AND status = 'succeeded'
ORDER BY source_key;
