package dev.ittybatch.taskhandler.config;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clock every feature reads. The Google clients, the row path and the Ittybit client come from
 * common's auto-configurations; each feature's own beans live beside it (signing/, breaker/).
 */
@Configuration(proxyBeanMethods = false)
class TaskHandlerConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
