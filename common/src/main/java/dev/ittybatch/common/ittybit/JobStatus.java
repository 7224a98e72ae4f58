package dev.ittybatch.common.ittybit;

import java.util.Locale;
import java.util.Optional;

/** Ittybit's job and task statuses, with the synonyms older pages use. */
public enum JobStatus {
  QUEUED(false),
  PROCESSING(false),
  SUCCEEDED(true),
  FAILED(true),
  CANCELLED(true);

  private final boolean terminal;

  JobStatus(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean terminal() {
    return terminal;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a status or the verb at the end of an event topic ({@code task.succeeded}). Older pages
   * say {@code completed} where newer ones say {@code succeeded}: they are the same outcome.
   */
  public static Optional<JobStatus> parse(String word) {
    if (word == null) {
      return Optional.empty();
    }
    return switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "succeeded", "success", "successful", "completed", "complete", "done", "finished" ->
          Optional.of(SUCCEEDED);
      case "failed", "failure", "error", "errored" -> Optional.of(FAILED);
      case "cancelled", "canceled" -> Optional.of(CANCELLED);
      case "queued", "pending", "created", "waiting" -> Optional.of(QUEUED);
      case "processing", "running", "started", "updated", "in_progress" -> Optional.of(PROCESSING);
      default -> Optional.empty();
    };
  }
}
