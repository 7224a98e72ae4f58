package dev.ittybatch.taskhandler.results;

import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.http.BlockingHttpClients;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreProperties;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The local run's store: rows sent to the webhook-handler, which owns the DuckDB file. BigQuery,
 * the production store, comes from common's ResultsStoreConfiguration.
 */
@Configuration(proxyBeanMethods = false)
class HttpResultsStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(HttpResultsStoreConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(ResultsStore.class)
  @ConditionalOnProperty(name = "results.store", havingValue = "http")
  HttpResultsStore httpResultsStore(RestClient.Builder builder, ResultsStoreProperties properties) {
    log.info("results go to {}/internal/results", properties.url());
    // Blocking and pooled, as for Ittybit: the JDK client started a thread for every answer on a
    // two-core machine, which cost more CPU than the request itself.
    CloseableHttpClient client =
        BlockingHttpClients.pooled(Duration.ofSeconds(5), Duration.ofSeconds(20), 1000);
    HttpComponentsClientHttpRequestFactory requests =
        new HttpComponentsClientHttpRequestFactory(client);
    requests.setReadTimeout(Duration.ofSeconds(20));
    return new HttpResultsStore(
        builder
            .clone()
            .baseUrl(properties.url())
            .requestFactory(requests)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.internalToken())
            .build());
  }

  /** Batch events (the breaker's) go the same way: few, so the default client does. */
  @Bean
  @ConditionalOnMissingBean(EventLog.class)
  @ConditionalOnProperty(name = "results.store", havingValue = "http")
  HttpEventLog httpEventLog(RestClient.Builder builder, ResultsStoreProperties properties) {
    return new HttpEventLog(
        builder
            .clone()
            .baseUrl(properties.url())
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.internalToken())
            .build());
  }
}
