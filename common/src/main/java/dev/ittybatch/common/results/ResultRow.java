package dev.ittybatch.common.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ittybit.IttybitJob;
import dev.ittybatch.common.ittybit.JobDetails;
import dev.ittybatch.common.ittybit.JobMetadata;
import dev.ittybatch.common.logging.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One row of the results table ({@code sql/}), which mirrors it column for column. The table is
 * append-only; readers take the latest row per entry through the {@code task_results_latest} view.
 *
 * @param eventId de-duplication key: a redelivered webhook or a retried task writes the same id
 * @param jobId Ittybit's job id
 * @param sourceKey the object name for {@code gs://} inputs, the URL for {@code https://} ones
 * @param durationMs how long Ittybit took, from accepting the job to finishing it
 * @param origin which service wrote the row: {@code task-handler} or {@code webhook}
 * @param attempt the Cloud Tasks attempt (1-based) that wrote a task-handler row
 * @param generation the entry's generation the row is about (0 first; a re-drive counts up), null
 *     when unknown
 */
public record ResultRow(
    String eventId,
    String batchId,
    String entryId,
    ResultStatus status,
    String jobId,
    String kind,
    String sourceBucket,
    String sourceKey,
    String outputUrl,
    Long width,
    Long height,
    Double duration,
    String format,
    Long durationMs,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    String errorKind,
    String errorMessage,
    Instant receivedAt,
    String origin,
    Integer attempt,
    Integer generation) {

  public static final String ORIGIN_TASK_HANDLER = "task-handler";
  public static final String ORIGIN_WEBHOOK = "webhook";
  public static final String ORIGIN_RECONCILE = "reconcile";

  /**
   * A verdict of the batch's user: {@code cancelled} for an entry that had no outcome when its
   * batch was cancelled. Ranked below a job's own outcome in {@code task_results_latest}, so a job
   * made by an attempt in flight at the cancel still wins when it finishes.
   */
  public static final String ORIGIN_USER = "user";

  public ResultRow {
    // Stored messages can echo a URL; the table is read by many, the signature and token by none.
    errorMessage = Redaction.scrub(errorMessage);
    if (eventId == null || eventId.isBlank()) {
      throw new IllegalArgumentException("a result row needs an event id");
    }
    if (status == null) {
      throw new IllegalArgumentException("a result row needs a status");
    }
    if (receivedAt == null) {
      throw new IllegalArgumentException("a result row needs a received_at time");
    }
  }

  /**
   * The row for a finished job, as written by {@code origin} ({@link #ORIGIN_WEBHOOK} or {@link
   * #ORIGIN_RECONCILE}): the one place an Ittybit job becomes a result row, whether a webhook or a
   * reconciliation pass fetched it.
   */
  public static ResultRow fromJob(IttybitJob job, Instant receivedAt, String origin) {
    JobDetails details = job.details();
    Long durationMs = null;
    if (details.createdAt() != null && details.finishedAt() != null) {
      durationMs = Duration.between(details.createdAt(), details.finishedAt()).toMillis();
    }
    return new ResultRow(
        job.eventId(),
        details.ours().map(m -> m.identity().batchId().value()).orElse(null),
        details.ours().map(m -> m.identity().entryId().value()).orElse(null),
        ResultStatus.of(job.status()),
        job.id(),
        details.kind(),
        details.sourceBucket(),
        details.sourceKey(),
        details.outputUrl(),
        details.width(),
        details.height(),
        details.duration(),
        details.format(),
        durationMs,
        details.createdAt(),
        details.startedAt(),
        details.finishedAt(),
        details.errorKind(),
        details.errorMessage(),
        receivedAt,
        origin,
        /* attempt= */ null,
        details.ours().map(JobMetadata::generation).orElse(null));
  }

  /**
   * A row written by the task handler ({@code dispatched}, {@code rejected}, {@code
   * dispatch_failed}). Its event id is fixed per entry, status and job, so a task that runs twice
   * writes the same row twice and readers see it once.
   */
  public static ResultRow fromDispatch(
      DispatchAttempt attempt, DispatchOutcome outcome, Instant now) {
    ResultStatus status = outcome.status();
    EntryIdentity identity = attempt.identity();
    JobMetadata.Source source = JobMetadata.Source.of(attempt.path());
    String eventId =
        status.wireName()
            + "-"
            + identity.taskId(attempt.generation())
            + (status == ResultStatus.DISPATCHED && outcome.jobId() != null
                ? "-" + outcome.jobId()
                : "");
    return new ResultRow(
        eventId,
        identity.batchId().value(),
        identity.entryId().value(),
        status,
        outcome.jobId(),
        attempt.kind(),
        source.bucket(),
        source.key(),
        /* outputUrl= */ null,
        /* width= */ null,
        /* height= */ null,
        /* duration= */ null,
        /* format= */ null,
        /* durationMs= */ null,
        status == ResultStatus.DISPATCHED ? now : null,
        /* startedAt= */ null,
        status.terminal() ? now : null,
        outcome.errorKind(),
        outcome.errorMessage(),
        now,
        ORIGIN_TASK_HANDLER,
        attempt.attempt(),
        attempt.generation());
  }

  /**
   * A verdict on an entry that no job of Ittybit's settled ({@code lost}, a user's {@code
   * cancelled}): one row per entry, generation and status, whoever writes it how often.
   */
  public static ResultRow fromVerdict(EntryVerdict verdict, Instant now) {
    EntryIdentity identity = verdict.identity();
    return new ResultRow(
        verdict.status().wireName() + "-" + identity.taskId(verdict.generation()),
        identity.batchId().value(),
        identity.entryId().value(),
        verdict.status(),
        /* jobId= */ null,
        /* kind= */ null,
        /* sourceBucket= */ null,
        /* sourceKey= */ null,
        /* outputUrl= */ null,
        /* width= */ null,
        /* height= */ null,
        /* duration= */ null,
        /* format= */ null,
        /* durationMs= */ null,
        /* createdAt= */ null,
        /* startedAt= */ null,
        verdict.at(),
        verdict.errorKind(),
        verdict.errorMessage(),
        now,
        verdict.origin(),
        /* attempt= */ null,
        verdict.generation());
  }

  /** The row as JSON: the table's column names, in its order ({@link ResultColumns}). */
  @JsonValue
  Map<String, Object> toJson() {
    return ResultColumns.toJson(this);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ResultRow fromJson(Map<String, Object> json) {
    return ResultColumns.fromJson(json);
  }
}
