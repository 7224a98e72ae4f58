package dev.ittybatch.webhook.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where results go: BigQuery (the default, on Cloud Run) or a local DuckDB file.
 *
 * @param linger how long a BigQuery batch waits for more rows after its first
 * @param duckdbLinger the same for DuckDB; 0 by default: a local commit takes a millisecond or two,
 *     so the writer just takes whatever queued up while it was busy, adding no latency
 * @param internalToken bearer token for the local-only endpoints ({@code /internal/results}, {@code
 *     /progress}, {@code /reports}) that exist because no other process may open the DuckDB file
 *     while this one owns it
 */
@ConfigurationProperties("results")
@Validated
public record ResultsProperties(
    @DefaultValue("bigquery") @NotNull Store store,
    String gcpProject,
    @DefaultValue("ittybatch") String dataset,
    @DefaultValue("task_results") String table,
    String bigqueryHost,
    @DefaultValue("ittybatch-data/results.duckdb") String duckdbPath,
    String internalToken,
    @DefaultValue("500") @Min(1) @Max(10000) int batchSize,
    @DefaultValue("100ms") Duration linger,
    @DefaultValue("0ms") Duration duckdbLinger) {

  /** The internal token never appears in a log line, whoever prints this record. */
  @Override
  public String toString() {
    return "ResultsProperties[store="
        + store
        + ", gcpProject="
        + gcpProject
        + ", dataset="
        + dataset
        + ", table="
        + table
        + ", duckdbPath="
        + duckdbPath
        + ", internalToken=<redacted>]";
  }

  public enum Store {
    BIGQUERY,
    DUCKDB
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
}
