package dev.ittybatch.webhook.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the web-layer tests give the controller: a recording store (rows, batch events, dispatched
 * jobs), a clock fixed unless moved, and the real Ittybit client pointed at WireMock playing
 * Ittybit's {@code GET /jobs/{id}}.
 */
@TestConfiguration
@EnableConfigurationProperties(WebhookProperties.class)
class WebFixtures {

  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  /** The service's clock: NOW unless a test moves it on. */
  static final MovableClock CLOCK = new MovableClock();

  static final class MovableClock extends Clock {
    volatile Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static final String API_KEY = "itty_sk_test_webhooks";
  static final WireMockServer ITTYBIT = new WireMockServer(wireMockConfig().dynamicPort());

  static {
    ITTYBIT.start();
  }

  /** Ittybit answers {@code GET /jobs/{id}} with this job, as our key would see it. */
  static void job(String id, String json) {
    ITTYBIT.stubFor(
        get(urlPathEqualTo("/jobs/" + id))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(json)));
  }

  @Bean
  RecordingStore store() {
    return new RecordingStore();
  }

  @Bean
  Clock clock() {
    return CLOCK;
  }

  @Bean(destroyMethod = "close")
  @Primary
  IttybitClient ittybitClient() {
    return IttybitClient.create(
        new IttybitProperties(
            API_KEY,
            "http://127.0.0.1:" + ITTYBIT.port(),
            "",
            null,
            Duration.ofSeconds(1),
            // The service's own default: WireMock's first answer on a busy machine can take more
            // than a second.
            Duration.ofSeconds(3)),
        JsonMapper.builder().build());
  }
}
