package dev.ittybatch.taskhandler.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the handler needs, bound from the environment variables its messages name.
 *
 * @param webhookToken the webhook-handler's {@code WEBHOOK_TOKEN}, appended to the webhook URL as
 *     {@code ?token=}: kept in Secret Manager rather than written into WEBHOOK_URL in plain sight
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
 * @param localSigning sign with a local key (a local run has no service account)
 * @param signedUrlHost where signed URLs point instead of Cloud Storage ({@code SIGNED_URL_HOST},
 *     with scheme): a local run's Cloud Storage stand-in
 * @param localSigningKey that key's PKCS#8 PEM file ({@code LOCAL_SIGNING_KEY}); without one, a
 *     throwaway key is made at start
 */
@ConfigurationProperties("handler")
@Validated
public record TaskHandlerProperties(
    @NotBlank(message = "set WEBHOOK_URL to the webhook-handler's public /webhook URL")
        @Pattern(regexp = "(https?://\\S+)?", message = "WEBHOOK_URL must be an http(s) URL")
        String webhookUrl,
    String webhookToken,
    @DefaultValue("5") @Min(value = 1, message = "MAX_ATTEMPTS must be 1 or more") int maxAttempts,
    @DefaultValue("7d") @NotNull Duration signedUrlTtl,
    @DefaultValue("24h") @NotNull Duration signedUrlMinValidity,
    @DefaultValue("true") boolean checkObjectExists,
    @DefaultValue("false") boolean localSigning,
    String localSigningKey,
    String storageHost,
    String signedUrlHost,
    String gcpProject) {

  /** The {@code webhook_url} each job carries, with the token when one is configured. */
  public String webhookUrlForJobs() {
    if (webhookToken == null || webhookToken.isBlank()) {
      return webhookUrl;
    }
    return webhookUrl
        + (webhookUrl.contains("?") ? "&" : "?")
        + "token="
        + java.net.URLEncoder.encode(webhookToken, java.nio.charset.StandardCharsets.UTF_8);
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
        + ", maxAttempts="
        + maxAttempts
        + ", signedUrlTtl="
        + signedUrlTtl
        + ", gcpProject="
        + gcpProject
        + "]";
  }

  @AssertTrue(message = "SIGNED_URL_TTL must be from 1 minute to 7 days (V4 signing's limit)")
  public boolean isTtlWithinV4Limit() {
    return signedUrlTtl != null
        && signedUrlTtl.compareTo(Duration.ofMinutes(1)) >= 0
        && signedUrlTtl.compareTo(Duration.ofDays(7)) <= 0;
  }
}
