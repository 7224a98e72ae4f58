package dev.ittybatch.taskhandler.breaker;

import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.gcp.CloudTasksConnection;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The breaker, with the queue control it pauses through (a Cloud Tasks client made on first use).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BreakerProperties.class)
class BreakerConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  QueueControl queueControl(CloudTasksConnection connection) {
    return new QueueControl(connection);
  }

  @Bean
  BatchBreaker batchBreaker(
      BreakerProperties properties, QueueControl queues, EventLog events, Clock clock) {
    return new BatchBreaker(properties, queues, events, clock);
  }
}
