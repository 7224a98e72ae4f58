package dev.ittybatch.common.results;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where a component's result rows go in BigQuery, bound from {@code BIGQUERY_DATASET} and {@code
 * BIGQUERY_TABLE}, and how they are batched (each component sets its own linger and wait).
 *
 * @param linger how long a write waits for more rows after its first; each service sets its own
 * @param waitLimit how long a caller waits for its rows before answering "try again"
 */
@ConfigurationProperties("results")
@Validated
public record ResultsStoreProperties(
    @DefaultValue("ittybatch") String dataset,
    @DefaultValue("task_results") String table,
    @DefaultValue("500") @Min(1) @Max(10000) int batchSize,
    @DefaultValue("0ms") @NotNull Duration linger,
    @DefaultValue("4s") @NotNull Duration waitLimit) {}
