package dev.ittybatch.orchestrator.status;

import dev.ittybatch.orchestrator.batch.BatchQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The query side of the status page: the queries of {@code sql/queries} a page needs, run side by
 * side through the batch store, their answers read once into a {@link BatchSummary}.
 */
final class StatusQueries {

  /** The queries behind the page's sections, in the order {@code summary.json} lists them. */
  static final List<String> SECTIONS =
      List.of(
          "progress_summary",
          "outcomes_over_time",
          "processing_time_by_kind",
          "dispatch_attempts",
          "latest_failures",
          "latest_outputs",
          "batch_events",
          "batch_life",
          "batch_manifest");

  /** A batch's summary, and every batch's id for the page's navigation. */
  record Snapshot(BatchSummary summary, List<String> batchIds) {}

  private final BatchQueries store;
  private final Executor queries;

  /**
   * @param queries runs the page's queries side by side: each is a round trip (a BigQuery job, or a
   *     request to the local store), and one after another their waits add up
   */
  StatusQueries(BatchQueries store, Executor queries) {
    this.store = store;
    this.queries = queries;
  }

  List<Map<String, Object>> rows(String query, Map<String, String> parameters) {
    List<Map<String, Object>> rows = new ArrayList<>();
    store.stream(query, parameters, rows::add);
    return rows;
  }

  /** Every batch's id, newest first as {@code batches.sql} orders them. */
  List<String> batchIds() {
    return batchIds(rows("batches", Map.of()));
  }

  BatchSummary summary(String batchId) {
    return summary(batchId, sections(batchId));
  }

  Snapshot snapshot(String batchId) {
    CompletableFuture<List<Map<String, Object>>> listed = later("batches", Map.of());
    BatchSummary summary = summary(batchId, sections(batchId));
    return new Snapshot(summary, batchIds(answer(listed)));
  }

  private static List<String> batchIds(List<Map<String, Object>> batches) {
    return batches.stream().map(batch -> String.valueOf(batch.get("batch_id"))).toList();
  }

  private CompletableFuture<List<Map<String, Object>>> later(
      String query, Map<String, String> parameters) {
    return CompletableFuture.supplyAsync(() -> rows(query, parameters), queries);
  }

  private Map<String, CompletableFuture<List<Map<String, Object>>>> sections(String batchId) {
    Map<String, String> batch = Map.of("batch_id", batchId);
    Map<String, CompletableFuture<List<Map<String, Object>>>> sections = new LinkedHashMap<>();
    for (String query : SECTIONS) {
      sections.put(query, later(query, batch));
    }
    return sections;
  }

  private static BatchSummary summary(
      String batchId, Map<String, CompletableFuture<List<Map<String, Object>>>> sections) {
    Map<String, List<Map<String, Object>>> answers = new LinkedHashMap<>();
    sections.forEach((query, rows) -> answers.put(query, answer(rows)));
    return BatchSummary.read(batchId, answers);
  }

  /** A query's rows, or its own failure rather than a wrapper around it. */
  private static List<Map<String, Object>> answer(
      CompletableFuture<List<Map<String, Object>>> rows) {
    try {
      return rows.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
