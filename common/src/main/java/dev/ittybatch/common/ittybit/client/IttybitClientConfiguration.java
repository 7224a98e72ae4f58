package dev.ittybatch.common.ittybit.client;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The Ittybit client, for a service that {@code @Import}s it; tests may supply their own. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IttybitProperties.class)
public class IttybitClientConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  IttybitClient ittybitClient(IttybitProperties properties, JsonMapper json) {
    return IttybitClient.create(properties, json);
  }
}
