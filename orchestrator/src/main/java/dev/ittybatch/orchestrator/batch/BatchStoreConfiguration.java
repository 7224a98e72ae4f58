package dev.ittybatch.orchestrator.batch;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreConfiguration;
import dev.ittybatch.common.results.ResultsStoreProperties;
import dev.ittybatch.orchestrator.config.OrchestratorProperties;
import dev.ittybatch.orchestrator.run.RunOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch store: BigQuery (with the ledger files in Cloud Storage) unless {@code
 * RESULTS_STORE=http}, which sends everything to the local webhook-handler.
 */
@Configuration(proxyBeanMethods = false)
@Import(ResultsStoreConfiguration.class)
class BatchStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BatchStoreConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "results.store", havingValue = "http")
  BatchStore httpBatchStore(ResultsStoreProperties results, JsonMapper json) {
    log.info("ledger and results go to {}", results.url());
    return new HttpBatchStore(results.url(), results.internalToken(), json);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "results.store", havingValue = "bigquery", matchIfMissing = true)
  BatchStore bigQueryBatchStore(
      BigQuery bigQuery,
      ObjectProvider<Storage> storage,
      ResultsStore results,
      ResultsStoreProperties properties,
      OrchestratorProperties orchestrator,
      RunOptions options,
      JsonMapper json) {
    GcsPath folder = ledgerFolder(orchestrator.ledgerLocation(), options.manifest());
    log.info("ledger files go to {}{}/{}", GcsPath.SCHEME, folder.bucket(), folder.object());
    return new BigQueryBatchStore(
        bigQuery,
        storage.getObject(),
        results,
        DatasetId.of(properties.gcpProject(), properties.dataset()),
        folder,
        options.runId(),
        json);
  }

  /**
   * {@code LEDGER_LOCATION}, or a folder {@code ittybatch-ledger/} beside a {@code gs://} manifest.
   */
  static GcsPath ledgerFolder(String configured, String manifest) {
    String location = configured;
    if (location == null || location.isBlank()) {
      if (!manifest.startsWith(GcsPath.SCHEME)) {
        throw new IllegalStateException(
            "set LEDGER_LOCATION (gs://bucket/folder/) for a manifest that is not in Cloud Storage");
      }
      location = manifest.substring(0, manifest.lastIndexOf('/') + 1) + "ittybatch-ledger/";
    }
    if (!location.endsWith("/")) {
      location = location + "/";
    }
    try {
      return GcsPath.parse(location);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("LEDGER_LOCATION: " + e.getMessage(), e);
    }
  }
}
