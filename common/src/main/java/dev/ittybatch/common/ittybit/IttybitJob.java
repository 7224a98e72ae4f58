package dev.ittybatch.common.ittybit;

import static dev.ittybatch.common.ittybit.JsonFields.text;

import tools.jackson.databind.JsonNode;

/**
 * A job as {@code GET /jobs/{id}} answers it: the truth about an outcome, which a webhook only
 * hints at ({@link WebhookEvent}).
 *
 * @param status never null: {@link JobStatus#UNKNOWN} for a word no docs use, which is not finished
 */
public record IttybitJob(String id, JobStatus status, JobDetails details) {

  /**
   * Reads a job as {@code GET /jobs/{id}} returns it.
   *
   * @throws UnrecognizedEventException when the body is not an object with an id
   */
  public static IttybitJob read(JsonNode job) {
    if (job == null || !job.isObject() || text(job, "id") == null) {
      throw new UnrecognizedEventException("not an Ittybit job: no id");
    }
    JobStatus status = JobStatus.read(text(job, "status"));
    return new IttybitJob(text(job, "id"), status, JobDetails.read(job, status));
  }

  public boolean terminal() {
    return status.terminal();
  }

  /**
   * The row key of this job in this status: a webhook, its redeliveries, other events about the
   * same job and a later reconciliation all describe the same row, which the store de-duplicates.
   */
  public String eventId() {
    return WebhookEventReader.derivedEventId(id, status);
  }
}
