package dev.ittybatch.common.identity;

/**
 * An entry within a batch. Everything that must not happen twice for one entry (a Cloud Tasks task,
 * an Ittybit job) is keyed on this.
 */
public record EntryIdentity(BatchId batchId, EntryId entryId) {

  /** Ittybit refuses an {@code Idempotency-Key} outside 16 to 32 characters. */
  public static final int IDEMPOTENCY_KEY_LENGTH = 32;

  /**
   * The Cloud Tasks task id, {@code {batch}-{entry}}: at most 96 characters of {@code [a-z0-9-]}.
   * The entry part is a hash, so names are spread evenly rather than sequential, which Cloud Tasks
   * asks for to avoid hot-spotting its index.
   */
  public String taskId() {
    return batchId.value() + "-" + entryId.value();
  }

  /**
   * The task id of a later generation: a deliberate re-drive of the entry gets a name of its own,
   * because the first generation's name may still be reserved by Cloud Tasks.
   */
  public String taskId(int generation) {
    return generation == 0 ? taskId() : taskId() + "-g" + generation;
  }

  /**
   * The Ittybit {@code Idempotency-Key} for one generation of this entry: 32 lowercase hex
   * characters, the first 128 bits of SHA-256 over batch, entry and generation. Every attempt of a
   * task and every re-run of the orchestrator sends the same key, so Ittybit answers with the
   * original job instead of creating another (for about 24 h). A re-drive on purpose bumps the
   * generation and so gets a new key, and with it a new job.
   */
  public String idempotencyKey(int generation) {
    if (generation < 0) {
      throw new IllegalArgumentException("generation " + generation + " is negative");
    }
    String material =
        "ittybatch-idempotency\n" + batchId.value() + "\n" + entryId.value() + "\n" + generation;
    return EntryId.sha256Hex(material).substring(0, IDEMPOTENCY_KEY_LENGTH);
  }
}
