package dev.ittybatch.taskhandler.breaker;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.events.EventLog;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The breaker, with the queue control it pauses through: a Cloud Tasks client made on first use, or
 * the one a local run hands over (the emulator's).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BreakerProperties.class)
class BreakerConfiguration {

  @Bean(destroyMethod = "close")
  QueueControl queueControl(BreakerProperties properties, ObjectProvider<CloudTasksClient> given) {
    return new QueueControl(properties, given.getIfAvailable());
  }

  @Bean
  BatchBreaker batchBreaker(
      BreakerProperties properties, QueueControl queues, EventLog events, Clock clock) {
    return new BatchBreaker(properties, queues, events, clock);
  }
}
