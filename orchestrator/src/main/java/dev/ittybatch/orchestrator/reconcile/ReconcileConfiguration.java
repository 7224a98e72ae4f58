package dev.ittybatch.orchestrator.reconcile;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.ittybit.client.IttybitClients;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.orchestrator.batch.BatchStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler. Its Ittybit client is made only when a pass has jobs to fetch: an enqueue run
 * never needs the API key, so it is not asked for one. Its clock is the system's unless the context
 * holds one: a rehearsal runs a scheduled pass as it would run once its threshold has passed.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileConfiguration {

  @Bean
  Reconciler reconciler(
      BatchStore store,
      ResultsStore results,
      CloudTasksClient tasks,
      Environment environment,
      JsonMapper json,
      Clock clock) {
    return new Reconciler(
        store,
        results,
        tasks,
        IttybitClients.lazy(environment, json, "reconciliation fetches jobs dispatched long ago"),
        clock);
  }
}
