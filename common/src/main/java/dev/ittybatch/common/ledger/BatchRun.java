package dev.ittybatch.common.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One row of {@code batch_runs}: an orchestrator run of a batch. A run writes one when it starts
 * ({@code finishedAt} null) and one when it ends; readers take the newest per run.
 *
 * @param mode {@code enqueue}, {@code retry} or {@code reconcile}
 * @param entriesByKind a JSON object of valid entries per kind
 * @param enqueued tasks created, or found already in the queue
 * @param skipped entries left alone because their latest outcome was terminal or dispatched
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchRun(
    @JsonProperty("batch_id") String batchId,
    @JsonProperty("run_id") String runId,
    @JsonProperty("mode") String mode,
    @JsonProperty("manifest_uri") String manifestUri,
    @JsonProperty("manifest_generation") String manifestGeneration,
    @JsonProperty("entries") Long entries,
    @JsonProperty("entries_by_kind") String entriesByKind,
    @JsonProperty("invalid") Long invalid,
    @JsonProperty("shard_index") int shardIndex,
    @JsonProperty("shard_count") int shardCount,
    @JsonProperty("enqueued") Long enqueued,
    @JsonProperty("skipped") Long skipped,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt) {

  /** The same run, finished with these counts. */
  public BatchRun finished(long enqueued, long skipped, Instant at) {
    return new BatchRun(
        batchId,
        runId,
        mode,
        manifestUri,
        manifestGeneration,
        entries,
        entriesByKind,
        invalid,
        shardIndex,
        shardCount,
        enqueued,
        skipped,
        startedAt,
        at);
  }

  /** The same run, with what its pass over the manifest counted. */
  public BatchRun withManifestCounts(long valid, String validByKind, long invalidLines) {
    return new BatchRun(
        batchId,
        runId,
        mode,
        manifestUri,
        manifestGeneration,
        valid,
        validByKind,
        invalidLines,
        shardIndex,
        shardCount,
        enqueued,
        skipped,
        startedAt,
        finishedAt);
  }
}
