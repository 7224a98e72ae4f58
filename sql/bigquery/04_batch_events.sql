-- Things that happen to a batch as a whole, not to one entry: a breaker trips (the same refusal
-- hit the batch's entries, its queue is paused and the entries kept), the queue is resumed, the
-- batch is paused, resumed or cancelled by its user, its done or stuck notice is posted, a webhook
-- names nothing of ours. Append-only, like task_results: a batch's state now is read from
-- its latest event of each kind (sql/queries/batch_events.sql).
CREATE TABLE IF NOT EXISTS ittybatch.batch_events (
  event_id STRING    NOT NULL OPTIONS (description = 'de-duplication key: the same happening recorded twice has the same id'),
  batch_id STRING    OPTIONS (description = 'null when no one batch is concerned: a resume of the whole queue, a webhook that names nothing of ours'),
  kind     STRING    NOT NULL OPTIONS (description = 'breaker_tripped | resumed | paused | cancelled | done_notified | stuck_notified | webhook_unplaced'),
  reason   STRING    OPTIONS (description = 'the cause and the way out, for a person'),
  detail   STRING    OPTIONS (description = 'what a program compares: a refusal status and kind, a delivery ids'),
  origin   STRING    NOT NULL OPTIONS (description = 'task-handler | webhook | deploy.sh | orchestrator'),
  occurred_at TIMESTAMP NOT NULL
)
PARTITION BY DATE(occurred_at)
CLUSTER BY batch_id, kind
OPTIONS (description = 'Events of whole batches: breaker trips, pauses, resumes, cancels, notices, webhooks that name nothing of ours');
