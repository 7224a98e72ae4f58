package dev.ittybatch.common.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ittybatch.common.task.TaskPayload;
import java.time.Instant;

/**
 * One row of {@code batch_entries}: an entry the orchestrator is about to enqueue, as one
 * generation. Written before its task is created, so an entry whose task never came to be is still
 * known, and reconciliation finds it.
 *
 * @param taskName the full Cloud Tasks name of this generation's task
 * @param runId the orchestrator run that wrote the row
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerEntry(
    @JsonProperty("batch_id") String batchId,
    @JsonProperty("entry_id") String entryId,
    @JsonProperty("line") long line,
    @JsonProperty("path") String path,
    @JsonProperty("kind") String kind,
    @JsonProperty("generation") int generation,
    @JsonProperty("task_name") String taskName,
    @JsonProperty("enqueued_at") Instant enqueuedAt,
    @JsonProperty("run_id") String runId,
    @JsonProperty("recorded_at") Instant recordedAt) {

  public static LedgerEntry of(TaskPayload task, String taskName, String runId, Instant now) {
    return new LedgerEntry(
        task.batchId(),
        task.entryId(),
        task.line(),
        task.path(),
        task.kind().wireName(),
        task.generation(),
        taskName,
        task.enqueuedAt() == null ? null : Instant.ofEpochSecond(task.enqueuedAt()),
        runId,
        now);
  }
}
