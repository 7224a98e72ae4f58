package dev.ittybatch.common.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.iam.credentials.v1.IamCredentialsSettings;
import com.google.cloud.storage.Storage;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import dev.ittybatch.common.events.BigQueryEventLog;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.results.DispatchedJobs;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreProperties;
import dev.ittybatch.common.results.bigquery.BigQueryDispatchedJobs;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Every component's Google clients, made once from {@link GoogleCloudProperties} (spring-cloud-gcp
 * style: listed in {@code AutoConfiguration.imports}, each bean backing off when a test supplies
 * its own), and the row path: the results store (the micro-batcher over one insertAll writer), the
 * batch events and the dispatched-job lookup, all on BigQuery. A component gets the clients whose
 * library it depends on.
 */
@AutoConfiguration
@EnableConfigurationProperties(GoogleCloudProperties.class)
public class GoogleCloudAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(GoogleCloudAutoConfiguration.class);

  /** The events table's name, beside the results in the same dataset. */
  public static final String EVENTS_TABLE = "batch_events";

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(BigQuery.class)
  @EnableConfigurationProperties(ResultsStoreProperties.class)
  static class Rows {

    @Bean
    @ConditionalOnMissingBean
    BigQuery bigQuery(GoogleCloudProperties google) {
      return BigQueryClients.create(google);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ResultsStore.class)
    BigQueryResultsStore resultsStore(
        BigQuery bigQuery,
        GoogleCloudProperties google,
        ResultsStoreProperties properties,
        Environment environment) {
      TableId table = TableId.of(google.project(), properties.dataset(), properties.table());
      log.info("results go to BigQuery table {}", table);
      // The writer thread is named for its component: in one JVM (run-local) each has one.
      String component = environment.getProperty("spring.application.name", "ittybatch");
      return new BigQueryResultsStore(
          bigQuery,
          table,
          properties.batchSize(),
          properties.linger(),
          properties.waitLimit(),
          "bigquery-writer-" + component);
    }

    /** A webhook naming only our metadata finds its job through the entry's dispatched row. */
    @Bean
    @ConditionalOnMissingBean(DispatchedJobs.class)
    BigQueryDispatchedJobs dispatchedJobs(
        BigQuery bigQuery, GoogleCloudProperties google, ResultsStoreProperties properties) {
      return new BigQueryDispatchedJobs(
          bigQuery, DatasetId.of(google.project(), properties.dataset()));
    }

    /** Batch events go to {@code batch_events}, beside the results table. */
    @Bean
    @ConditionalOnMissingBean(EventLog.class)
    BigQueryEventLog eventLog(
        BigQuery bigQuery, GoogleCloudProperties google, ResultsStoreProperties properties) {
      return new BigQueryEventLog(
          bigQuery, TableId.of(google.project(), properties.dataset(), EVENTS_TABLE));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Storage.class)
  static class CloudStorage {

    @Bean
    @ConditionalOnMissingBean
    Storage storage(GoogleCloudProperties google) {
      return StorageClients.create(google);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(CloudTasksSettings.class)
  static class CloudTasks {

    @Bean
    @ConditionalOnMissingBean
    CloudTasksConnection cloudTasksConnection(GoogleCloudProperties google) {
      return new CloudTasksConnection(google);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(IamCredentialsSettings.class)
  static class IamCredentials {

    @Bean
    @ConditionalOnMissingBean
    IamCredentialsConnection iamCredentialsConnection(GoogleCloudProperties google) {
      return new IamCredentialsConnection(google);
    }
  }
}
