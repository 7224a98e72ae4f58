package dev.ittybatch.taskhandler.config;

import dev.ittybatch.common.ittybit.client.IttybitClientConfiguration;
import dev.ittybatch.common.results.ResultsStoreConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What every feature shares: the clock, the Ittybit client and the results store (from common).
 * Each feature's own beans live beside it: signing/, results/.
 */
@Configuration(proxyBeanMethods = false)
@Import({IttybitClientConfiguration.class, ResultsStoreConfiguration.class})
class TaskHandlerConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
