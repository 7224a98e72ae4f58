package dev.ittybatch.webhook.webhook;

import dev.ittybatch.webhook.config.WebhookProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** What the web-layer tests give the controller: a recording store and a fixed clock. */
@TestConfiguration
@EnableConfigurationProperties(WebhookProperties.class)
class WebFixtures {

  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Bean
  RecordingStore store() {
    return new RecordingStore();
  }

  @Bean
  Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
