package dev.ittybatch.common.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.manifest.ManifestEntry;
import tools.jackson.databind.JsonNode;

/**
 * The JSON body of one Cloud Tasks task: everything the task handler needs, so it never has to read
 * the manifest again.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskPayload(
    @JsonProperty("batch_id") String batchId,
    @JsonProperty("entry_id") String entryId,
    @JsonProperty("line") long line,
    @JsonProperty("path") String path,
    @JsonProperty("kind") String kind,
    @JsonProperty("options") JsonNode options) {

  public static TaskPayload of(BatchId batchId, ManifestEntry entry) {
    return new TaskPayload(
        batchId.value(),
        entry.entryId().value(),
        entry.line(),
        entry.path(),
        entry.kind().wireName(),
        entry.options());
  }

  /**
   * @throws IllegalArgumentException when the ids are not well formed
   */
  public EntryIdentity identity() {
    return new EntryIdentity(new BatchId(batchId), new EntryId(entryId));
  }
}
