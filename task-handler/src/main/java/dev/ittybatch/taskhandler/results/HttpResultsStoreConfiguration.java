package dev.ittybatch.taskhandler.results;

import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
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
    JdkClientHttpRequestFactory requests =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    requests.setReadTimeout(Duration.ofSeconds(20));
    return new HttpResultsStore(
        builder
            .clone()
            .baseUrl(properties.url())
            .requestFactory(requests)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.internalToken())
            .build());
  }
}
