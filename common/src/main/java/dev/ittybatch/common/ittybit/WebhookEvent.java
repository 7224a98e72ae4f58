package dev.ittybatch.common.ittybit;

import java.time.Instant;

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
 */
public record WebhookEvent(
    String eventId,
    String topic,
    String jobId,
    String taskId,
    JobStatus status,
    String kind,
    String batchId,
    String entryId,
    String sourceBucket,
    String sourceKey,
    String outputUrl,
    Long width,
    Long height,
    Double duration,
    String format,
    String errorKind,
    String errorMessage,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Integer generation,
    String input) {

  public boolean terminal() {
    return status != null && status.terminal();
  }
}
