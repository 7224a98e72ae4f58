package dev.ittybatch.common.ittybit;

import java.time.Instant;

/**
 * One webhook delivery, normalised whatever shape it came in. Fields Ittybit did not send are null.
 *
 * @param eventId Ittybit's event id, or a stable id derived from job id and status when the shape
 *     has none, so a redelivered event always has the same id
 * @param topic the event kind as sent ({@code task.succeeded}, {@code job.failed}), or null for a
 *     bare object
 */
public record WebhookEvent(
    String eventId,
    String topic,
    String jobId,
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
    Integer generation) {

  public boolean terminal() {
    return status != null && status.terminal();
  }
}
