package dev.ittybatch.common.ittybit;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ittybit's job and task statuses, with the words every generation of its docs used: today's
 * reference says queued, processing, succeeded, failed, cancelled; older pages say pending,
 * waiting, ready, completed, error. A word none of them uses is {@link #UNKNOWN}: not finished, so
 * a job in it is asked about again later instead of failing the reader.
 */
public enum JobStatus {
  QUEUED(false),
  PROCESSING(false),
  SUCCEEDED(true),
  FAILED(true),
  CANCELLED(true),
  UNKNOWN(false);

  private static final Logger log = LoggerFactory.getLogger(JobStatus.class);

  /** Words already logged, so one odd word in 50,000 webhooks is one log line. */
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

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
   * Reads a status or the verb at the end of an event topic ({@code task.succeeded}).
   *
   * @return empty for a word no generation of the docs uses, or for none at all
   */
  public static Optional<JobStatus> parse(String word) {
    if (word == null) {
      return Optional.empty();
    }
    return switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "succeeded",
          "success",
          "successful",
          "completed",
          "complete",
          "done",
          "finished",
          "ready" ->
          Optional.of(SUCCEEDED);
      case "failed", "failure", "error", "errored" -> Optional.of(FAILED);
      case "cancelled", "canceled" -> Optional.of(CANCELLED);
      case "queued", "pending", "created", "waiting" -> Optional.of(QUEUED);
      case "processing", "running", "started", "updated", "in_progress" -> Optional.of(PROCESSING);
      default -> Optional.empty();
    };
  }

  /** A status word as an outcome or not: an unknown word is {@link #UNKNOWN}, and logged once. */
  public static JobStatus read(String word) {
    Optional<JobStatus> known = parse(word);
    if (known.isPresent()) {
      return known.get();
    }
    String shown = word == null ? "(none)" : word;
    if (REPORTED.size() < 100 && REPORTED.add(shown)) {
      log.warn(
          "Ittybit status \"{}\" is none its docs use: read as not finished; the job is asked"
              + " about again later",
          shown);
    }
    return UNKNOWN;
  }
}
