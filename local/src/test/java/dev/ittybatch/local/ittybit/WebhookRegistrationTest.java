package dev.ittybatch.local.ittybit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitProperties;
import dev.ittybatch.orchestrator.webhooks.WebhookRegistration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code deploy.sh setup} runs to register the webhook endpoint, against the simulator's
 * Webhook Endpoints resource: once, whatever the number of setups, and never a secret printed.
 */
class WebhookRegistrationTest {

  static final String KEY = "itty_sk_registration_test";
  static final String URL = "https://webhook-handler.example.run.app/webhook?token=s3cr3t-token";

  IttybitSimulator ittybit;
  IttybitClient client;
  ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    ittybit = new IttybitSimulator(IttybitSimulator.Settings.quiet(KEY, "hook-secret"));
    client = client(KEY);
  }

  IttybitClient client(String key) {
    return IttybitClient.create(
        new IttybitProperties(
            key, ittybit.baseUrl(), "", null, Duration.ofSeconds(2), Duration.ofSeconds(5)),
        JsonMapper.builder().build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    ittybit.close();
  }

  boolean register(IttybitClient with, String url) {
    return new WebhookRegistration(with, new PrintStream(printed, true, StandardCharsets.UTF_8))
        .ensure(url);
  }

  String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSecondSetupFindsTheEndpointAndRegistersNothing() {
    assertThat(register(client, URL)).isTrue();
    assertThat(register(client, URL)).isTrue();

    assertThat(ittybit.webhookEndpoints()).isEqualTo(1);
    assertThat(printed())
        .contains("Ittybit webhook: registered endpoint we_")
        .contains("topics task.succeeded, task.failed")
        .contains("is registered")
        .doesNotContain("s3cr3t-token")
        .doesNotContain("whsec_")
        .contains("token=REDACTED");
  }

  @Test
  void aNewTokenRegistersAnotherEndpointAndNamesTheOldOneToDelete() {
    register(client, URL);
    assertThat(register(client, URL.replace("s3cr3t-token", "rotated-token"))).isTrue();

    assertThat(ittybit.webhookEndpoints()).isEqualTo(2);
    assertThat(printed()).contains("with another token").contains("delete it");
  }

  @Test
  void aRefusedKeyFailsWithTheFix() throws Exception {
    try (IttybitClient wrong = client("itty_not_the_key")) {
      assertThat(register(wrong, URL)).isFalse();
    }
    assertThat(printed()).contains("FAILED").contains("401").contains("ITTYBIT_API_KEY");
    assertThat(ittybit.webhookEndpoints()).isZero();
  }
}
