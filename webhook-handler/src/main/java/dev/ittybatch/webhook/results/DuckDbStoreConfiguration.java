package dev.ittybatch.webhook.results;

import dev.ittybatch.common.results.ResultsStoreConfiguration;
import dev.ittybatch.common.results.ResultsStoreProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The results store: BigQuery from common's {@link ResultsStoreConfiguration}, or with {@code
 * RESULTS_STORE=duckdb} the local DuckDB file, which this service owns. Tests may supply their own.
 */
@Configuration(proxyBeanMethods = false)
@Import(ResultsStoreConfiguration.class)
class DuckDbStoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DuckDbStoreConfiguration.class);
  static final Duration COMMIT_LINGER = Duration.ofMillis(20);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "results.store", havingValue = "duckdb")
  DuckDbResultsStore resultsStore(ResultsStoreProperties results) {
    Path file = Path.of(results.duckdbPath());
    log.info("results go to DuckDB file {}", file.toAbsolutePath());
    // A commit costs DuckDB a millisecond or more of CPU whatever its size, and with no linger a
    // steady trickle of requests made nearly every row a commit of its own: waiting up to
    // COMMIT_LINGER for company caps the commits near 1 / COMMIT_LINGER a second.
    return new DuckDbResultsStore(file, results.batchSize(), COMMIT_LINGER, results.waitLimit());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "results.store", havingValue = "duckdb")
  DuckDbLedger ledger(DuckDbResultsStore store) {
    return new DuckDbLedger(store);
  }

  /** Batch events and the dispatched-job lookup, in the same file. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "results.store", havingValue = "duckdb")
  DuckDbEvents events(DuckDbResultsStore store) {
    return new DuckDbEvents(store);
  }
}
