-- Every raw row of one entry, oldest first: what the status page links each failure to.
SELECT *
FROM ittybatch.task_results
WHERE batch_id = @batch_id AND entry_id = @entry_id
ORDER BY received_at, event_id;
