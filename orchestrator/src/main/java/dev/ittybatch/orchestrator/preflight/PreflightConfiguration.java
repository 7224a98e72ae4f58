package dev.ittybatch.orchestrator.preflight;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.ittybit.client.IttybitClients;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.enqueue.TaskRequests;
import dev.ittybatch.orchestrator.manifest.ManifestFiles;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** The preflight, its Ittybit client made only when a preflight runs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PreflightProperties.class)
class PreflightConfiguration {

  @Bean
  Preflight preflight(
      PreflightProperties properties,
      ManifestFiles files,
      TaskRequests requests,
      CloudTasksClient tasks,
      BatchStore store,
      Environment environment,
      JsonMapper json) {
    WholeWay wholeWay =
        new WholeWay(
            files,
            requests,
            tasks,
            store,
            properties,
            new InputCheck(properties),
            Clock.systemUTC());
    return new Preflight(
        IttybitClients.lazy(environment, json, "the preflight checks that Ittybit takes the key"),
        properties,
        wholeWay,
        System.out);
  }
}
