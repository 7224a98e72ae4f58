package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.ittybit.JobMetadata;
import dev.ittybatch.common.ittybit.UnrecognizedEventException;
import dev.ittybatch.common.ittybit.WebhookEvent;
import dev.ittybatch.common.ittybit.WebhookEventReader;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a webhook (a hint) into the truth: the job it names, fetched from Ittybit with our API key.
 * Ittybit's signature format is unpublished, and a URL token leaks into logs, so nothing a delivery
 * says about an outcome is believed. Only a job our key can see, whose metadata names one of our
 * batches and entries, becomes a row.
 */
@Component
class JobFetcher {

  private static final Logger log = LoggerFactory.getLogger(JobFetcher.class);
  private static final String RETRY_AFTER = "30";

  private final IttybitClient ittybit;
  private final WebhookEventReader reader = new WebhookEventReader();

  JobFetcher(IttybitClient ittybit) {
    this.ittybit = ittybit;
  }

  /**
   * @param jobId the job a delivery was resolved to
   * @return the finished job, or empty when it is no job of ours (unknown id, or a job without our
   *     metadata): nothing to record, and nothing a redelivery could change
   * @throws RetryLaterException when Ittybit cannot answer now, refuses our key, or says the job is
   *     not finished although the delivery says it is
   */
  Optional<WebhookEvent> finishedJob(String jobId) {
    IttybitClient.Response response;
    try {
      response = ittybit.getJob(jobId);
    } catch (IttybitUnreachableException e) {
      throw new RetryLaterException(
          "could not fetch job " + jobId + " to confirm the webhook: " + e.getMessage(),
          RETRY_AFTER);
    }
    int status = response.status();
    if (status == 404 || status == 410) {
      log.warn(
          "webhook names job {}, which Ittybit does not know for our key: forged or mistaken;"
              + " nothing recorded",
          jobId);
      return Optional.empty();
    }
    if (status == 401 || status == 403) {
      log.error(
          "Ittybit refused our API key when fetching job {} ({}): fix ITTYBIT_API_KEY for the"
              + " webhook-handler; deliveries are refused with 503 until then",
          jobId,
          response.describe());
      throw new RetryLaterException("cannot fetch the job to confirm the webhook", RETRY_AFTER);
    }
    if (!response.ok()) {
      throw new RetryLaterException(
          "could not fetch job " + jobId + ": " + response.describe(),
          response.retryAfter() != null ? response.retryAfter() : RETRY_AFTER);
    }
    WebhookEvent job;
    try {
      job = reader.readJob(response.body());
    } catch (UnrecognizedEventException e) {
      throw new RetryLaterException(
          "Ittybit answered job " + jobId + " with something unreadable: " + e.getMessage(),
          RETRY_AFTER);
    }
    if (!jobId.equals(job.jobId())
        || JobMetadata.read(response.body().path("metadata")).isEmpty()) {
      log.warn(
          "job {} carries no batch and entry of ours in its metadata; nothing recorded", jobId);
      return Optional.empty();
    }
    if (!job.terminal()) {
      // A webhook can outrun the job's own status; a task-level event can name a job with more
      // tasks to go. Either way the outcome is not known yet: ask for the delivery again later.
      throw new RetryLaterException(
          "job " + jobId + " is " + job.status().wireName() + ", not finished yet", RETRY_AFTER);
    }
    return Optional.of(job);
  }
}
