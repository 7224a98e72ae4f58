package dev.ittybatch.webhook.delivery;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How webhook deliveries are authenticated. Ittybit's docs do not publish a signature format, so
 * both common schemes are supported, and every one that is configured must pass.
 *
 * @param secret HMAC-SHA256 key ({@code WEBHOOK_SECRET}); the signature is of the raw body, or of
 *     {@code timestamp + "." + body} when a timestamp header is configured
 * @param signatureHeader header carrying the signature, hex or base64, optionally {@code sha256=}
 * @param timestampHeader header carrying the delivery time, when the sender signs it
 * @param tolerance how far that time may be from ours
 * @param token shared secret expected as {@code ?token=} in the webhook URL ({@code WEBHOOK_TOKEN})
 * @param allowUnsigned accept unauthenticated deliveries: only for a local run
 * @param resolvePatience how long a delivery that names one of our entries, whose job is not
 *     recorded yet, is asked for again before it is left to reconciliation ({@code
 *     WEBHOOK_RESOLVE_PATIENCE})
 */
@ConfigurationProperties("webhook")
@Validated
record WebhookProperties(
    String secret,
    @DefaultValue("Ittybit-Signature") @NotBlank String signatureHeader,
    String timestampHeader,
    @DefaultValue("5m") Duration tolerance,
    String token,
    @DefaultValue("false") boolean allowUnsigned,
    @DefaultValue("1048576") @Min(1024) @Max(64 * 1024 * 1024) int maxBodyBytes,
    @DefaultValue("15m") Duration resolvePatience) {

  /** Neither secret appears in a log line or an error report, whoever prints this record. */
  @Override
  public String toString() {
    return "WebhookProperties[secret="
        + (signed() ? "<redacted>" : "")
        + ", signatureHeader="
        + signatureHeader
        + ", timestampHeader="
        + timestampHeader
        + ", tolerance="
        + tolerance
        + ", token="
        + (tokenRequired() ? "<redacted>" : "")
        + ", allowUnsigned="
        + allowUnsigned
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", resolvePatience="
        + resolvePatience
        + "]";
  }

  public boolean signed() {
    return secret != null && !secret.isBlank();
  }

  public boolean tokenRequired() {
    return token != null && !token.isBlank();
  }

  @AssertTrue(
      message =
          "set WEBHOOK_SECRET (HMAC signature) and/or WEBHOOK_TOKEN (?token= in the URL); or, only"
              + " for a local run, WEBHOOK_ALLOW_UNSIGNED=true")
  public boolean isVerificationConfigured() {
    return signed() || tokenRequired() || allowUnsigned;
  }
}
