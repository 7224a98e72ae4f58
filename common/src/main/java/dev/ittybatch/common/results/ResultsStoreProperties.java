package dev.ittybatch.common.results;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where a service's result rows go, the same for both services that write them, bound from {@code
 * RESULTS_STORE}, {@code GCP_PROJECT}, {@code BIGQUERY_DATASET}, {@code BIGQUERY_TABLE}, {@code
 * BIGQUERY_HOST}, {@code RESULTS_URL}, {@code RESULTS_INTERNAL_TOKEN} and {@code DUCKDB_PATH}.
 *
 * @param store BigQuery (production), DuckDB (the local webhook-handler owns the file) or HTTP to
 *     that webhook-handler (the local task-handler)
 * @param linger how long a write waits for more rows after its first; each service sets its own
 * @param waitLimit how long a caller waits for its rows before answering "try again"
 * @param internalToken bearer token of the local store's endpoints ({@code /internal/results},
 *     {@code /progress}, {@code /reports}), which exist because only one process may open the
 *     DuckDB file
 */
@ConfigurationProperties("results")
@Validated
public record ResultsStoreProperties(
    @DefaultValue("bigquery") @NotNull Store store,
    String gcpProject,
    @DefaultValue("ittybatch") String dataset,
    @DefaultValue("task_results") String table,
    String bigqueryHost,
    @DefaultValue("500") @Min(1) @Max(10000) int batchSize,
    @DefaultValue("0ms") @NotNull Duration linger,
    @DefaultValue("4s") @NotNull Duration waitLimit,
    String url,
    String internalToken,
    @DefaultValue("ittybatch-data/results.duckdb") String duckdbPath) {

  public enum Store {
    BIGQUERY,
    DUCKDB,
    HTTP
  }

  @AssertTrue(message = "set GCP_PROJECT to the project that holds the BigQuery dataset")
  public boolean isProjectSetForBigQuery() {
    return store != Store.BIGQUERY || (gcpProject != null && !gcpProject.isBlank());
  }

  @AssertTrue(
      message = "set RESULTS_INTERNAL_TOKEN: the DuckDB store's endpoints are only served with one")
  public boolean isTokenSetForDuckDb() {
    return store != Store.DUCKDB || (internalToken != null && internalToken.length() >= 16);
  }

  @AssertTrue(
      message =
          "set RESULTS_URL (the webhook-handler's base URL) and RESULTS_INTERNAL_TOKEN for"
              + " RESULTS_STORE=http")
  public boolean isHttpStoreConfigured() {
    return store != Store.HTTP
        || (url != null && !url.isBlank() && internalToken != null && !internalToken.isBlank());
  }

  /** The internal token never appears in a log line, whoever prints this record. */
  @Override
  public String toString() {
    return "ResultsStoreProperties[store="
        + store
        + ", gcpProject="
        + gcpProject
        + ", dataset="
        + dataset
        + ", table="
        + table
        + ", url="
        + url
        + ", duckdbPath="
        + duckdbPath
        + ", internalToken=<redacted>]";
  }
}
