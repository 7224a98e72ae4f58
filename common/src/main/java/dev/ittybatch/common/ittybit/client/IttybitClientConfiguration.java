package dev.ittybatch.common.ittybit.client;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Ittybit client of the two services (the task-handler creates jobs, the webhook-handler
 * fetches them); tests may supply their own. Not the orchestrator's: a job makes its client only
 * when a run needs one, so an enqueue run is not asked for the key.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@EnableConfigurationProperties(IttybitProperties.class)
public class IttybitClientConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  IttybitClient ittybitClient(IttybitProperties properties, JsonMapper json) {
    return IttybitClient.create(properties, json);
  }
}
