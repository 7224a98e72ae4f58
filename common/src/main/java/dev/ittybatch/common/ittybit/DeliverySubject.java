package dev.ittybatch.common.ittybit;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;

/**
 * What a webhook delivery is about, found from whatever it carries, in this order: a job id (a
 * {@code job_...} object, a {@code job_id}, a job as the envelope's data), a task that names its
 * job, then our metadata (batch and entry), which the entry's {@code dispatched} row turns into its
 * job. A delivery with none of them cannot be placed: Ittybit's webhook pages show tasks with only
 * an id, a kind, a status and outputs (https://ittybit.com/docs/webhooks), and a {@code task_...}
 * id is not one {@code GET /jobs/{id}} knows.
 */
public sealed interface DeliverySubject {

  /** The delivery names this job: fetch it. */
  record Job(String jobId) implements DeliverySubject {}

  /** The delivery names one of our entries and its generation, but no job. */
  record Entry(EntryIdentity identity, int generation) implements DeliverySubject {}

  /** Nothing in the delivery ties it to a job or an entry of ours. */
  record Unplaced(String reason) implements DeliverySubject {}

  static DeliverySubject of(WebhookEvent event) {
    if (event.jobId() != null) {
      return new Job(event.jobId());
    }
    if (event.batchId() != null && event.entryId() != null) {
      return new Entry(
          new EntryIdentity(new BatchId(event.batchId()), new EntryId(event.entryId())),
          event.generation() == null ? 0 : event.generation());
    }
    return new Unplaced(
        event.taskId() != null
            ? "task " + event.taskId() + " names no job and carries no batch and entry of ours"
            : "the delivery names no job, task or entry");
  }
}
