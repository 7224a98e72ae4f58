package dev.ittybatch.webhook.config;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clock deliveries are judged by. The Google clients, the row path and the Ittybit client come
 * from common's auto-configurations.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
