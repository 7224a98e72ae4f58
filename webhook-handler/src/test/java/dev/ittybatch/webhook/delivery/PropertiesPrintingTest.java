package dev.ittybatch.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.ittybit.client.IttybitProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration gets printed (start-up failures, debug logs): secrets must not be. */
class PropertiesPrintingTest {

  @Test
  void noSecretIsPrinted() {
    String webhook =
        new WebhookProperties(
                "hmac-secret-value",
                "Ittybit-Signature",
                null,
                Duration.ofMinutes(5),
                "url-token-value",
                false,
                1024,
                Duration.ofMinutes(15))
            .toString();
    String ittybit =
        new IttybitProperties(
                "itty_sk_live_value",
                "https://api.ittybit.com",
                "",
                null,
                Duration.ZERO,
                Duration.ZERO)
            .toString();

    assertThat(webhook).doesNotContain("hmac-secret-value").doesNotContain("url-token-value");
    assertThat(ittybit).doesNotContain("itty_sk_live_value").contains("api.ittybit.com");
  }
}
