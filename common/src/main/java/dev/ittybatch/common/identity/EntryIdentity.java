package dev.ittybatch.common.identity;

/**
 * An entry within a batch. Everything that must not happen twice for one entry (a Cloud Tasks task,
 * an Ittybit job) is keyed on this.
 */
public record EntryIdentity(BatchId batchId, EntryId entryId) {

  /**
   * The Cloud Tasks task id, {@code {batch}-{entry}}: at most 96 characters of {@code [a-z0-9-]}.
   * The entry part is a hash, so names are spread evenly rather than sequential, which Cloud Tasks
   * asks for to avoid hot-spotting its index.
   */
  public String taskId() {
    return batchId.value() + "-" + entryId.value();
  }

  /**
   * The Ittybit {@code Idempotency-Key}. A retried dispatch or a re-run orchestrator sends the same
   * key, and Ittybit answers with the original job instead of creating another (within 24 h).
   */
  public String idempotencyKey() {
    return "ittybatch-" + taskId();
  }
}
