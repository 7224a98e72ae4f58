package dev.ittybatch.common.ittybit.client;

import dev.ittybatch.common.ittybit.IttybitJob;
import dev.ittybatch.common.ittybit.JobMetadata;
import dev.ittybatch.common.ittybit.UnrecognizedEventException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a job is to us, asked of Ittybit with our API key: the one place a fetched job is judged,
 * whether a webhook named it or reconciliation is settling an entry whose webhook never came. Only
 * a job our key can see, whose metadata names one of our entries, is believed ({@link
 * JobMetadata}); each caller maps the {@link Answer} to what it does (an HTTP answer, a count).
 */
public final class JobLookup {

  private static final Logger log = LoggerFactory.getLogger(JobLookup.class);

  /** How long to wait when Ittybit gave no Retry-After of its own. */
  static final Duration DEFAULT_DELAY = Duration.ofSeconds(30);

  /**
   * What Ittybit said of a job, as far as we are concerned: one of the five records below, and
   * nothing else (callers test for each with {@code instanceof}; the last is {@link RetryLater}).
   */
  public sealed interface Answer permits Finished, Running, NotOurs, Unknown, RetryLater {}

  /** Finished (succeeded, failed, cancelled): its outcome can be recorded for {@code metadata}. */
  public record Finished(IttybitJob job, JobMetadata metadata) implements Answer {}

  /** One of ours, not finished yet: its outcome is not known. */
  public record Running(IttybitJob job, JobMetadata metadata) implements Answer {}

  /** Ittybit shows a job by that id, but it is not ours: no metadata of ours, or another id. */
  public record NotOurs(String reason) implements Answer {}

  /** Ittybit does not know the id for our key (404, 410): forged, mistaken, or expired. */
  public record Unknown() implements Answer {}

  /** Ittybit could not say now (unreachable, refused, unreadable): ask again after the delay. */
  public record RetryLater(String reason, Duration delay) implements Answer {}

  private final IttybitClient ittybit;
  private final Clock clock;

  public JobLookup(IttybitClient ittybit, Clock clock) {
    this.ittybit = ittybit;
    this.clock = clock;
  }

  public Answer lookup(String jobId) {
    IttybitClient.Response response;
    try {
      response = ittybit.getJob(jobId);
    } catch (IttybitUnreachableException e) {
      return new RetryLater("could not fetch job " + jobId + ": " + e.getMessage(), DEFAULT_DELAY);
    }
    int status = response.status();
    if (status == 404 || status == 410) {
      return new Unknown();
    }
    if (status == 401 || status == 403) {
      // Every lookup fails alike until the key is fixed; the operator must hear of it.
      log.error(
          "Ittybit refused our API key when fetching job {} ({}): fix ITTYBIT_API_KEY",
          jobId,
          response.describe());
      return new RetryLater(
          "cannot fetch job " + jobId + ": our API key is refused", DEFAULT_DELAY);
    }
    if (!response.ok()) {
      return new RetryLater(
          "could not fetch job " + jobId + ": " + response.describe(),
          delay(response.retryAfter(), clock.instant()));
    }
    IttybitJob job;
    try {
      job = IttybitJob.read(response.body());
    } catch (UnrecognizedEventException e) {
      return new RetryLater(
          "Ittybit answered job " + jobId + " with something unreadable: " + e.getMessage(),
          DEFAULT_DELAY);
    }
    if (!jobId.equals(job.id())) {
      return new NotOurs("Ittybit answered job " + jobId + " with job " + job.id());
    }
    JobMetadata metadata = job.details().metadata();
    if (metadata == null) {
      return new NotOurs("job " + jobId + " carries no batch and entry of ours in its metadata");
    }
    return job.terminal() ? new Finished(job, metadata) : new Running(job, metadata);
  }

  /**
   * Ittybit's Retry-After, in seconds or as an HTTP date (RFC 9110), as a delay from {@code now};
   * the default when it gave none or none readable.
   */
  static Duration delay(String retryAfter, Instant now) {
    if (retryAfter == null || retryAfter.isBlank()) {
      return DEFAULT_DELAY;
    }
    String value = retryAfter.strip();
    if (value.length() <= 9 && value.chars().allMatch(Character::isDigit)) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException unreadable) {
      return DEFAULT_DELAY;
    }
  }
}
