package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.http.RetryLaterException;
import dev.ittybatch.common.ittybit.IttybitJob;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.JobLookup;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a webhook (a hint) into the truth: the job it names, looked up with our API key ({@link
 * JobLookup}). Ittybit's signature format is unpublished, and a URL token leaks into logs, so
 * nothing a delivery says about an outcome is believed. This maps the lookup's answer to what the
 * delivery gets: a finished job of ours becomes a row, a job not ours or unknown is nothing to
 * record (a redelivery could not change that), anything else is asked for again.
 */
@Component
class JobFetcher {

  private static final Logger log = LoggerFactory.getLogger(JobFetcher.class);

  private final JobLookup lookup;

  JobFetcher(IttybitClient ittybit, Clock clock) {
    this.lookup = new JobLookup(ittybit, clock);
  }

  /**
   * @param jobId the job a delivery was resolved to
   * @return the finished job, or empty when it is no job of ours (unknown id, or a job without our
   *     metadata): nothing to record, and nothing a redelivery could change
   * @throws RetryLaterException when Ittybit cannot answer now, refuses our key, or says the job is
   *     not finished although the delivery says it is
   */
  Optional<IttybitJob> finishedJob(String jobId) {
    JobLookup.Answer answer = lookup.lookup(jobId);
    if (answer instanceof JobLookup.Finished finished) {
      return Optional.of(finished.job());
    }
    if (answer instanceof JobLookup.Running running) {
      // A webhook can outrun the job's own status; a task-level event can name a job with more
      // tasks to go. Either way the outcome is not known yet: ask for the delivery again later.
      throw new RetryLaterException(
          null,
          "job " + jobId + " is " + running.job().status().wireName() + ", not finished yet",
          "30");
    }
    if (answer instanceof JobLookup.NotOurs notOurs) {
      log.warn("{}; nothing recorded", notOurs.reason());
      return Optional.empty();
    }
    if (answer instanceof JobLookup.Unknown) {
      log.warn(
          "webhook names job {}, which Ittybit does not know for our key: forged or mistaken;"
              + " nothing recorded",
          jobId);
      return Optional.empty();
    }
    JobLookup.RetryLater later = (JobLookup.RetryLater) answer;
    throw new RetryLaterException(null, later.reason(), String.valueOf(later.delay().toSeconds()));
  }
}
