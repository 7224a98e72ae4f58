package dev.ittybatch.taskhandler.dispatch;

import dev.ittybatch.common.ittybit.WebhookUrl;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the handler needs, bound from the environment variables its messages name.
 *
 * @param webhookUrl the webhook-handler's public {@code /webhook} URL ({@code WEBHOOK_URL}): sent
 *     with each job only when {@code jobWebhookUrl} is set
 * @param webhookToken the webhook-handler's {@code WEBHOOK_TOKEN}, appended to the webhook URL as
 *     {@code ?token=}: kept in Secret Manager rather than written into WEBHOOK_URL in plain sight
 * @param jobWebhookUrl send each job's {@code webhook_url} ({@code JOB_WEBHOOK_URL=true}): the
 *     per-job field of older Ittybit pages. Off by default: the reference lists no such field, the
 *     2025-12-01 changelog says registered endpoints replaced it, and an Ittybit that refuses
 *     unknown fields would refuse every job
 * @param jobOutput an {@code s3://bucket/prefix/} under which Ittybit writes each output ({@code
 *     JOB_OUTPUT}); none by default, and Ittybit keeps the output
 * @param maxAttempts the queue's {@code --max-attempts}: on the last attempt a retryable failure is
 *     recorded as {@code dispatch_failed} and acknowledged, because Cloud Tasks would otherwise
 *     delete the task without a trace. Deploy keeps the two equal.
 * @param signedUrlTtl how long a signed input URL is valid, counted from the task's {@code
 *     enqueued_at} (the instant it is signed for, so that every attempt sends the same URL). The
 *     default is the 7 days V4 signing allows: the queue backlog, the retry window and Ittybit's
 *     own queue all come out of it.
 * @param signedUrlMinValidity a task dispatched when its URL has less than this left is not sent to
 *     Ittybit: it is recorded {@code dispatch_failed} ({@code signed_url_window_passed}) and must
 *     be enqueued again. With the defaults, a task may wait 6 days in the queue.
 * @param checkObjectExists look the object up before signing, so a missing file is a clear {@code
 *     rejected} outcome instead of an Ittybit failure later
 * @param signingServiceAccount the account input URLs are signed as, through IAM's signBlob ({@code
 *     SIGNING_SERVICE_ACCOUNT}): the service's own, which the deploy lets sign as itself (Token
 *     Creator on itself) and read the media bucket. The URL opens only what this account may read.
 */
@ConfigurationProperties("handler")
@Validated
public record TaskHandlerProperties(
    @Pattern(regexp = "(https?://\\S+)?", message = "WEBHOOK_URL must be an http(s) URL")
        String webhookUrl,
    String webhookToken,
    @DefaultValue("false") boolean jobWebhookUrl,
    @Pattern(
            regexp = "(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/\\S*)?)?",
            message = "JOB_OUTPUT must be an s3://bucket/prefix/ destination")
        String jobOutput,
    @DefaultValue("5") @Min(value = 1, message = "MAX_ATTEMPTS must be 1 or more") int maxAttempts,
    @DefaultValue("7d") @NotNull Duration signedUrlTtl,
    @DefaultValue("24h") @NotNull Duration signedUrlMinValidity,
    @DefaultValue("true") boolean checkObjectExists,
    String signingServiceAccount) {

  @AssertTrue(
      message =
          "set WEBHOOK_URL to the webhook-handler's public /webhook URL: JOB_WEBHOOK_URL=true")
  public boolean isWebhookUrlSetWhenJobsCarryIt() {
    return !jobWebhookUrl || (webhookUrl != null && !webhookUrl.isBlank());
  }

  /**
   * The {@code webhook_url} a job carries, with the token when one is configured, or null when
   * there is no webhook URL.
   */
  public String webhookUrlForJobs() {
    return WebhookUrl.withToken(webhookUrl, webhookToken);
  }

  @AssertTrue(
      message =
          "SIGNED_URL_MIN_VALIDITY must be shorter than SIGNED_URL_TTL: a task could never be sent")
  public boolean isMinValidityBelowTtl() {
    return signedUrlTtl == null
        || signedUrlMinValidity == null
        || signedUrlMinValidity.compareTo(signedUrlTtl) < 0;
  }

  /** Tokens never appear in a log line or an error report, whoever prints this record. */
  @Override
  public String toString() {
    return "TaskHandlerProperties[webhookUrl="
        + webhookUrl
        + ", webhookToken="
        + (webhookToken == null || webhookToken.isBlank() ? "" : "<redacted>")
        + ", jobWebhookUrl="
        + jobWebhookUrl
        + ", jobOutput="
        + jobOutput
        + ", maxAttempts="
        + maxAttempts
        + ", signedUrlTtl="
        + signedUrlTtl
        + ", signingServiceAccount="
        + signingServiceAccount
        + "]";
  }

  @AssertTrue(message = "SIGNED_URL_TTL must be from 1 minute to 7 days (V4 signing's limit)")
  public boolean isTtlWithinV4Limit() {
    return signedUrlTtl != null
        && signedUrlTtl.compareTo(Duration.ofMinutes(1)) >= 0
        && signedUrlTtl.compareTo(Duration.ofDays(7)) <= 0;
  }
}
