package dev.ittybatch.common.results;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.TableId;
import dev.ittybatch.common.events.BigQueryEventLog;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.results.bigquery.BigQueryDispatchedJobs;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The results store of a service that {@code @Import}s this: BigQuery unless {@code RESULTS_STORE}
 * says otherwise, in which case the service supplies its local store. Either may be replaced by a
 * test's own bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResultsStoreProperties.class)
public class ResultsStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ResultsStoreConfiguration.class);

  /** The events table's name, beside the results in the same dataset. */
  public static final String EVENTS_TABLE = "batch_events";

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "results.store", havingValue = "bigquery", matchIfMissing = true)
  static class BigQueryStore {

    @Bean
    @ConditionalOnMissingBean
    BigQuery bigQuery(ResultsStoreProperties properties) {
      BigQueryOptions.Builder options =
          BigQueryOptions.newBuilder().setProjectId(properties.gcpProject());
      if (properties.bigqueryHost() != null && !properties.bigqueryHost().isBlank()) {
        options.setHost(properties.bigqueryHost()).setCredentials(NoCredentials.getInstance());
      }
      return options.build().getService();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ResultsStore.class)
    BigQueryResultsStore resultsStore(BigQuery bigQuery, ResultsStoreProperties properties) {
      TableId table = TableId.of(properties.gcpProject(), properties.dataset(), properties.table());
      log.info("results go to BigQuery table {}", table);
      return new BigQueryResultsStore(
          bigQuery, table, properties.batchSize(), properties.linger(), properties.waitLimit());
    }

    /** A webhook naming only our metadata finds its job through the entry's dispatched row. */
    @Bean
    @ConditionalOnMissingBean(DispatchedJobs.class)
    BigQueryDispatchedJobs dispatchedJobs(BigQuery bigQuery, ResultsStoreProperties properties) {
      return new BigQueryDispatchedJobs(
          bigQuery, DatasetId.of(properties.gcpProject(), properties.dataset()));
    }

    /** Batch events go to {@code batch_events}, beside the results table. */
    @Bean
    @ConditionalOnMissingBean(EventLog.class)
    BigQueryEventLog eventLog(BigQuery bigQuery, ResultsStoreProperties properties) {
      return new BigQueryEventLog(
          bigQuery, TableId.of(properties.gcpProject(), properties.dataset(), EVENTS_TABLE));
    }
  }
}
