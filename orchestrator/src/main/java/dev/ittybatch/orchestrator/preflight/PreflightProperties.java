package dev.ittybatch.orchestrator.preflight;

import dev.ittybatch.common.ittybit.WebhookUrl;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the preflight checks against, bound from {@code WEBHOOK_URL} and {@code WEBHOOK_TOKEN} (the
 * endpoint that must be registered), {@code PREFLIGHT_TIMEOUT} (how long the first entry may take
 * to be dispatched and to finish), {@code PREFLIGHT_WEBHOOK_GRACE} (how long a finished job's
 * webhook may take) and {@code PREFLIGHT_OPEN_INPUT} (open the signed URL from here; off where its
 * host cannot be reached, as on a machine without the network).
 */
@ConfigurationProperties("preflight")
record PreflightProperties(
    String webhookUrl,
    String webhookToken,
    @DefaultValue("3m") Duration timeout,
    @DefaultValue("30s") Duration webhookGrace,
    @DefaultValue("true") boolean openInput) {

  /** The URL the endpoint must have: the webhook URL with its token, as setup registers it. */
  String endpointUrl() {
    return WebhookUrl.withToken(webhookUrl, webhookToken);
  }

  @Override
  public String toString() {
    return "PreflightProperties[webhookUrl="
        + webhookUrl
        + ", webhookToken="
        + (webhookToken == null || webhookToken.isBlank() ? "" : "<redacted>")
        + ", timeout="
        + timeout
        + ", webhookGrace="
        + webhookGrace
        + ", openInput="
        + openInput
        + "]";
  }
}
