package dev.ittybatch.common.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ittybit.MediaKind;
import dev.ittybatch.common.manifest.ManifestEntry;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The JSON body of one Cloud Tasks task: everything the task handler needs, so it never has to read
 * the manifest again.
 *
 * @param generation 0 for the entry's first task; a deliberate re-drive counts up, and each
 *     generation has its own task name and idempotency key
 * @param enqueuedAt when the orchestrator created the task, in epoch seconds. The task handler
 *     signs the input URL as of this instant, so every attempt of the task sends Ittybit the same
 *     URL and therefore byte-identical JSON under the same idempotency key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskPayload(
    @JsonProperty("batch_id") String batchId,
    @JsonProperty("entry_id") String entryId,
    @JsonProperty("line") long line,
    @JsonProperty("path") String path,
    @JsonProperty("kind") MediaKind kind,
    @JsonProperty("options") JsonNode options,
    @JsonProperty("generation") Integer generation,
    @JsonProperty("enqueued_at") Long enqueuedAt) {

  public TaskPayload {
    generation = generation == null ? 0 : generation;
  }

  public static TaskPayload of(
      BatchId batchId, ManifestEntry entry, int generation, Instant enqueuedAt) {
    return new TaskPayload(
        batchId.value(),
        entry.entryId().value(),
        entry.line(),
        entry.path(),
        entry.kind(),
        entry.options(),
        generation,
        enqueuedAt.getEpochSecond());
  }

  /**
   * @throws IllegalArgumentException when the ids are not well formed
   */
  public EntryIdentity identity() {
    return new EntryIdentity(new BatchId(batchId), new EntryId(entryId));
  }

  /** The instant the input URL is signed for, or null for a task without one. */
  public Instant signedAt() {
    return enqueuedAt == null ? null : Instant.ofEpochSecond(enqueuedAt);
  }

  public String idempotencyKey() {
    return identity().idempotencyKey(generation);
  }
}
