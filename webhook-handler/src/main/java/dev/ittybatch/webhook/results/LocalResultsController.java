package dev.ittybatch.webhook.results;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStoreProperties;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.webhook.delivery.UnauthenticatedWebhookException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

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
  private final DuckDbLedger ledger;
  private final DuckDbEvents events;
  private final JsonMapper json;
  private final byte[] token;

  LocalResultsController(
      DuckDbResultsStore store,
      DuckDbLedger ledger,
      DuckDbEvents events,
      JsonMapper json,
      ResultsStoreProperties properties) {
    this.store = store;
    this.ledger = ledger;
    this.events = events;
    this.json = json;
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

  /** Batch events from a task handler run on its own; 200 only once they are stored. */
  @PostMapping("/internal/events")
  Map<String, Object> recordEvents(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestBody List<BatchEvent> batchEvents) {
    authorize(authorization);
    events.append(batchEvents);
    return Map.of("stored", batchEvents.size());
  }

  /** A claim of the orchestrator's ({@code {"batch_id", "name"}}): whether this call took it. */
  @PostMapping("/internal/claims")
  Map<String, Object> claim(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestBody Map<String, String> claim) {
    authorize(authorization);
    String batchId = claim.get("batch_id");
    String name = claim.get("name");
    if (batchId == null || name == null) {
      throw new org.springframework.web.server.ResponseStatusException(
          HttpStatus.BAD_REQUEST, "a claim needs batch_id and name");
    }
    return Map.of("claimed", events.claim(batchId, name));
  }

  /** Ledger entries from the orchestrator; 200 only once they are stored. */
  @PostMapping("/internal/ledger/entries")
  Map<String, Object> recordEntries(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestBody List<LedgerEntry> entries) {
    authorize(authorization);
    ledger.recordEntries(entries);
    return Map.of("stored", entries.size());
  }

  /** A run's row from the orchestrator. */
  @PostMapping("/internal/ledger/runs")
  Map<String, Object> recordRun(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestBody BatchRun run) {
    authorize(authorization);
    ledger.recordRun(run);
    return Map.of("stored", 1);
  }

  /**
   * A query of {@code sql/queries} streamed as JSON lines, one row each: how the orchestrator reads
   * a batch's state without either side holding it whole. Every request parameter but the token is
   * a query parameter.
   */
  @GetMapping(value = "/internal/query/{name}", produces = "application/x-ndjson")
  ResponseEntity<StreamingResponseBody> query(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @PathVariable("name") String name,
      @RequestParam Map<String, String> parameters) {
    authorize(authorization);
    SqlScripts.query(name);
    Map<String, Object> values = new LinkedHashMap<>(parameters);
    StreamingResponseBody body =
        out -> {
          OutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
          ledger.stream(
              name,
              values,
              row -> {
                try {
                  buffered.write(json.writeValueAsBytes(row));
                  buffered.write('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
          buffered.flush();
        };
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-ndjson"))
        .body(body);
  }

  /**
   * {@code sql/queries/progress_summary.sql} for one batch: counts against the ledger, the recent
   * rate and the ETA, as the run command shows them.
   */
  @GetMapping("/progress")
  Map<String, Object> progress(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestParam("batch_id") String batchId) {
    authorize(authorization);
    Map<String, Object> summary =
        new LinkedHashMap<>(store.query("progress_summary", Map.of("batch_id", batchId)).get(0));
    summary.put("batch_id", batchId);
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

  /** A query name that is not one of {@code sql/queries}. */
  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> noSuchQuery(IllegalArgumentException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("No such query");
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
  }

  private void authorize(String authorization) {
    if (authorization == null
        || !MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8))) {
      throw new UnauthenticatedWebhookException("the internal bearer token is missing or wrong");
    }
  }
}
