package dev.ittybatch.common.ittybit;

/**
 * One webhook delivery, normalised whatever shape it came in: a hint about a job, never its outcome
 * (the outcome recorded is the job fetched, {@link IttybitJob}). It says which job to fetch, and is
 * what an unplaced delivery is counted by. Fields Ittybit did not send are null.
 *
 * @param eventId Ittybit's event id, or a stable id derived from the object's id and status when
 *     the shape has none, so a redelivered event always has the same id
 * @param topic the event kind as sent ({@code task.succeeded}, {@code job.failed}), or null for a
 *     bare object
 * @param jobId the job the delivery names: a job's own id, or the job a task names; null when it
 *     names none
 * @param taskId the id of the task the delivery is about, when it is a task and not a job
 * @param status never null: {@link JobStatus#UNKNOWN} for a word no docs use, or none
 * @param input the input URL the object names (a job's {@code input}, a task's {@code input.url}),
 *     or null
 * @param details what the object says of its file and outcome, and our metadata if it carries it
 */
public record WebhookEvent(
    String eventId,
    String topic,
    String jobId,
    String taskId,
    JobStatus status,
    String input,
    JobDetails details) {

  public boolean terminal() {
    return status != null && status.terminal();
  }

  /** The batch our metadata names, or null. */
  public String batchId() {
    return details.ours().map(m -> m.identity().batchId().value()).orElse(null);
  }

  /** The entry our metadata names, or null. */
  public String entryId() {
    return details.ours().map(m -> m.identity().entryId().value()).orElse(null);
  }

  /** The entry's generation our metadata names, or null without our metadata. */
  public Integer generation() {
    return details.ours().map(JobMetadata::generation).orElse(null);
  }
}
