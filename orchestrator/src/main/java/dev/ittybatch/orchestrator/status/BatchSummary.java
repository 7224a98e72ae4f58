package dev.ittybatch.orchestrator.status;

import dev.ittybatch.orchestrator.batch.Progress;
import dev.ittybatch.orchestrator.lifecycle.BatchLife;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of a batch's status queries, read in this one place: the progress typed, the batch's
 * life as {@link BatchLife} has it, the display sections as {@link Sections}. {@link #json()} is
 * what {@code summary.json} answers, the rows as the queries gave them.
 *
 * @param manifestUri the manifest the batch was last enqueued from, or null
 * @param answers each query's rows as it gave them, for {@code summary.json} alone
 */
record BatchSummary(
    String batchId,
    Progress progress,
    BatchLife life,
    String manifestUri,
    Sections sections,
    Map<String, List<Map<String, Object>>> answers) {

  static BatchSummary read(String batchId, Map<String, List<Map<String, Object>>> answers) {
    List<Map<String, Object>> manifest = answers.get("batch_manifest");
    return new BatchSummary(
        batchId,
        Progress.read(answers.get("progress_summary").get(0)),
        BatchLife.of(answers.get("batch_life")),
        manifest.isEmpty() ? null : (String) manifest.get(0).get("manifest_uri"),
        Sections.read(answers),
        answers);
  }

  /** The page's numbers by query; the progress under {@code progress}, as its one row. */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("batch_id", batchId);
    answers.forEach(
        (query, rows) ->
            json.put(
                query.equals("progress_summary") ? "progress" : query,
                query.equals("progress_summary") ? progress.row() : rows));
    return json;
  }
}
