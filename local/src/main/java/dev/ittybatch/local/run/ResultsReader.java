package dev.ittybatch.local.run;

import com.google.cloud.bigquery.DatasetId;
import dev.ittybatch.orchestrator.batch.BatchQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's numbers read as {@code deploy.sh status} reads them: the queries of {@code sql/queries}
 * as BigQuery query jobs (the orchestrator's own read side), here on the BigQuery stand-in, with
 * the operator's identity. Numbers come as Long and Double.
 */
public final class ResultsReader {

  /** The queries the run's summary prints, with the integrity check. */
  static final List<String> REPORTS =
      List.of(
          "progress_summary",
          "progress_by_status",
          "processing_time_by_kind",
          "throughput_per_minute",
          "failures",
          "outcome_integrity");

  private final BatchQueries queries;

  ResultsReader(BatchQueries queries) {
    this.queries = queries;
  }

  static ResultsReader on(LocalCloud cloud) {
    return new ResultsReader(
        BatchQueries.onBigQuery(
            cloud.bigQuery(LocalAccounts.OPERATOR),
            DatasetId.of(cloud.project, LocalCloud.DATASET),
            cloud.location));
  }

  BatchQueries queries() {
    return queries;
  }

  /** {@code progress_summary} for a batch: counts against the ledger, the recent rate, the ETA. */
  public Map<String, Object> progress(String batchId) {
    List<Map<String, Object>> rows = query("progress_summary", batchId);
    Map<String, Object> summary = new LinkedHashMap<>(rows.isEmpty() ? Map.of() : rows.get(0));
    summary.put("batch_id", batchId);
    return summary;
  }

  /** Every report of the run's summary for a batch, by name. */
  public Map<String, List<Map<String, Object>>> reports(String batchId) {
    Map<String, List<Map<String, Object>>> reports = new LinkedHashMap<>();
    for (String name : REPORTS) {
      reports.put(name, query(name, batchId));
    }
    return reports;
  }

  /** A query of {@code sql/queries} for a batch, every row (for tests and small batches). */
  public List<Map<String, Object>> query(String name, String batchId) {
    List<Map<String, Object>> rows = new ArrayList<>();
    queries.stream(name, batchId, rows::add);
    return rows;
  }
}
