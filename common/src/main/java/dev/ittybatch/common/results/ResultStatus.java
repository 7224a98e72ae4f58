package dev.ittybatch.common.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ittybatch.common.ittybit.JobStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Every status a result row can have. The first three are Ittybit's; the rest are ours: an entry
 * that never reached Ittybit still ends with a recorded outcome.
 */
public enum ResultStatus {
  /** Ittybit accepted the job; its webhook is still to come. The only non-terminal status. */
  DISPATCHED(false),
  SUCCEEDED(true),
  FAILED(true),
  /**
   * Ittybit's, or the user's: an entry with no outcome when its batch was cancelled is recorded
   * {@code cancelled} with origin {@code user}.
   */
  CANCELLED(true),
  /** The entry itself is bad (missing object, Ittybit said 4xx): retrying cannot help. */
  REJECTED(true),
  /** Every allowed attempt failed for a reason that might have passed (429, 5xx, timeouts). */
  DISPATCH_FAILED(true),
  /**
   * Recorded by reconciliation run with {@code --no-redrive}: the entry has no outcome and its task
   * is gone from the queue, so nothing will ever report on it. A re-drive supersedes it.
   */
  LOST(true);

  private final boolean terminal;

  ResultStatus(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean terminal() {
    return terminal;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static ResultStatus parse(String name) {
    return fromWireName(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown result status \"" + name + "\""));
  }

  public static Optional<ResultStatus> fromWireName(String name) {
    for (ResultStatus status : values()) {
      if (status.wireName().equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }

  /** The row status for a terminal Ittybit status. */
  public static ResultStatus of(JobStatus status) {
    return switch (status) {
      case SUCCEEDED -> SUCCEEDED;
      case FAILED -> FAILED;
      case CANCELLED -> CANCELLED;
      case QUEUED, PROCESSING, UNKNOWN ->
          throw new IllegalArgumentException(status + " is not an outcome");
    };
  }

  @Override
  public String toString() {
    return wireName();
  }
}
