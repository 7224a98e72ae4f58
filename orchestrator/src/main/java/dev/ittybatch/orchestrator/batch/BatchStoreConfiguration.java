package dev.ittybatch.orchestrator.batch;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.gcp.GoogleCloudProperties;
import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.results.ResultsStoreProperties;
import dev.ittybatch.orchestrator.enqueue.OrchestratorProperties;
import dev.ittybatch.orchestrator.run.RunOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch store: the ledger's files in Cloud Storage loaded into BigQuery, the batch's state read
 * back by query jobs. Tests may supply their own.
 */
@Configuration(proxyBeanMethods = false)
class BatchStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BatchStoreConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  BatchStore bigQueryBatchStore(
      BigQuery bigQuery,
      Storage storage,
      ResultsStoreProperties properties,
      GoogleCloudProperties google,
      OrchestratorProperties orchestrator,
      RunOptions options,
      JsonMapper json) {
    GcsPath folder = ledgerFolder(orchestrator.ledgerLocation());
    log.info("ledger files go to {}{}/{}", GcsPath.SCHEME, folder.bucket(), folder.object());
    return new BigQueryBatchStore(
        bigQuery,
        storage,
        DatasetId.of(google.project(), properties.dataset()),
        datasetLocation(google.bigqueryLocation()),
        folder,
        options.runId(),
        json);
  }

  /**
   * {@code LEDGER_LOCATION}, a folder the job may create objects in. Never derived from the
   * manifest: a reconcile run has none, and a manifest may sit in a bucket the job may only read.
   */
  static GcsPath ledgerFolder(String configured) {
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          "set LEDGER_LOCATION to a gs://bucket/folder/ the job may create objects in: the ledger's"
              + " files are written there and loaded into BigQuery from there");
    }
    String location = configured.strip();
    if (!location.endsWith("/")) {
      location = location + "/";
    }
    try {
      return GcsPath.parse(location);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("LEDGER_LOCATION: " + e.getMessage(), e);
    }
  }

  /**
   * {@code BIGQUERY_LOCATION}: outside the US and EU multi-regions BigQuery finds a job only with
   * its location, so every job the ledger creates or looks up carries it.
   */
  static String datasetLocation(String configured) {
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          "set BIGQUERY_LOCATION to the location of the BigQuery dataset (EU, US or a region such"
              + " as europe-west1)");
    }
    return configured.strip();
  }
}
