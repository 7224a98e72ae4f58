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

  /**
   * What a run knows as it starts.
   *
   * @param manifestGeneration the Cloud Storage generation of the manifest object it reads
   */
  public record Start(
      String batchId,
      String runId,
      String mode,
      String manifestUri,
      String manifestGeneration,
      int shardIndex,
      int shardCount,
      Instant startedAt) {}

  /**
   * What a run counted by its end.
   *
   * @param entries valid entries in the manifest, {@code entriesByKind} the same per kind (JSON)
   * @param invalid manifest lines refused
   */
  public record End(
      long entries,
      String entriesByKind,
      long invalid,
      long enqueued,
      long skipped,
      Instant finishedAt) {}

  /** The row a run writes as it starts: its counts unknown yet. */
  public static BatchRun started(Start start) {
    return new BatchRun(
        start.batchId(),
        start.runId(),
        start.mode(),
        start.manifestUri(),
        start.manifestGeneration(),
        null,
        null,
        null,
        start.shardIndex(),
        start.shardCount(),
        null,
        null,
        start.startedAt(),
        null);
  }

  /** The row a run writes as it ends. */
  public static BatchRun finished(Start start, End end) {
    return new BatchRun(
        start.batchId(),
        start.runId(),
        start.mode(),
        start.manifestUri(),
        start.manifestGeneration(),
        end.entries(),
        end.entriesByKind(),
        end.invalid(),
        start.shardIndex(),
        start.shardCount(),
        end.enqueued(),
        end.skipped(),
        start.startedAt(),
        end.finishedAt());
  }
}
