package dev.ittybatch.webhook.results;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStoreProperties;
import dev.ittybatch.webhook.delivery.UnauthenticatedWebhookException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints that exist only with the DuckDB store. DuckDB admits one process per file, so the
 * task handler records its rows here, and the local run command reads progress here, instead of
 * opening the file themselves. Every call needs the internal bearer token.
 */
@RestController
@ConditionalOnProperty(name = "results.store", havingValue = "duckdb")
class LocalResultsController {

  static final List<String> REPORTS =
      List.of(
          "progress_summary",
          "progress_by_status",
          "processing_time_by_kind",
          "throughput_per_minute",
          "failures",
          "outcome_integrity");

  private final DuckDbResultsStore store;
  private final byte[] token;

  LocalResultsController(DuckDbResultsStore store, ResultsStoreProperties properties) {
    this.store = store;
    this.token = ("Bearer " + properties.internalToken()).getBytes(StandardCharsets.UTF_8);
  }

  /** Rows from the task handler; 200 only once they are stored. */
  @PostMapping("/internal/results")
  Map<String, Object> record(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestBody List<ResultRow> rows) {
    authorize(authorization);
    store.record(rows);
    return Map.of("stored", rows.size());
  }

  /** Counts by status for one batch, its time span and rate: what the run command shows. */
  @GetMapping("/progress")
  Map<String, Object> progress(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestParam("batch_id") String batchId) {
    authorize(authorization);
    Map<String, Object> summary =
        new LinkedHashMap<>(store.query("progress_summary", Map.of("batch_id", batchId)).get(0));
    summary.put("batch_id", batchId);
    Object first = summary.get("first_at");
    Object last = summary.get("last_at");
    double rate = 0;
    if (first instanceof Instant from && last instanceof Instant to) {
      double seconds = Math.max(Duration.between(from, to).toMillis() / 1000.0, 1);
      rate = ((Number) summary.get("done")).longValue() / seconds;
    }
    summary.put("rate_per_second", Math.round(rate * 10) / 10.0);
    return summary;
  }

  /** Every progress query of {@code sql/queries} for one batch, by name. */
  @GetMapping("/reports")
  Map<String, Object> reports(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestParam("batch_id") String batchId) {
    authorize(authorization);
    Map<String, Object> reports = new LinkedHashMap<>();
    for (String name : REPORTS) {
      reports.put(name, store.query(name, Map.of("batch_id", batchId)));
    }
    reports.put("database", store.file().toAbsolutePath().toString());
    return reports;
  }

  private void authorize(String authorization) {
    if (authorization == null
        || !MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8))) {
      throw new UnauthenticatedWebhookException("the internal bearer token is missing or wrong");
    }
  }
}
