package dev.ittybatch.taskhandler.results;

import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreProperties;
import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
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
    // A pooled blocking client, as for Ittybit: the JDK client hands every exchange between its
    // selector thread and an executor, which cost more CPU than the request itself here.
    CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.ofSeconds(20))
                            .build())
                    .setMaxConnTotal(1000)
                    .setMaxConnPerRoute(1000)
                    .build())
            .disableAutomaticRetries()
            .build();
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
}
