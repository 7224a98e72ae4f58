package dev.ittybatch.webhook.config;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.TableId;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.webhook.results.DuckDbResultsStore;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the results store from {@code RESULTS_STORE}; tests may supply their own. */
@Configuration(proxyBeanMethods = false)
class ResultsStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ResultsStoreConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "results.store", havingValue = "bigquery", matchIfMissing = true)
  static class BigQueryStore {

    @Bean
    @ConditionalOnMissingBean
    BigQuery bigQuery(ResultsProperties properties) {
      BigQueryOptions.Builder options =
          BigQueryOptions.newBuilder().setProjectId(properties.gcpProject());
      if (properties.bigqueryHost() != null && !properties.bigqueryHost().isBlank()) {
        options.setHost(properties.bigqueryHost()).setCredentials(NoCredentials.getInstance());
      }
      return options.build().getService();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ResultsStore.class)
    BigQueryResultsStore resultsStore(
        BigQuery bigQuery, ResultsProperties results, WebhookProperties webhook) {
      TableId table = TableId.of(results.gcpProject(), results.dataset(), results.table());
      log.info("results go to BigQuery table {}", table);
      return new BigQueryResultsStore(
          bigQuery, table, results.batchSize(), results.linger(), webhook.storeTimeout());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "results.store", havingValue = "duckdb")
  static class DuckDbStore {

    @Bean(destroyMethod = "close")
    DuckDbResultsStore resultsStore(ResultsProperties results, WebhookProperties webhook) {
      Path file = Path.of(results.duckdbPath());
      log.info("results go to DuckDB file {}", file.toAbsolutePath());
      return new DuckDbResultsStore(
          file, results.batchSize(), results.duckdbLinger(), webhook.storeTimeout());
    }
  }
}
