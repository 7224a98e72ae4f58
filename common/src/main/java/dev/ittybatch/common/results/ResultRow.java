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
    return builder(job.eventId(), ResultStatus.of(job.status()), receivedAt)
        .batchId(details.ours().map(m -> m.identity().batchId().value()).orElse(null))
        .entryId(details.ours().map(m -> m.identity().entryId().value()).orElse(null))
        .jobId(job.id())
        .kind(details.kind())
        .source(details.sourceBucket(), details.sourceKey())
        .outputUrl(details.outputUrl())
        .width(details.width())
        .height(details.height())
        .duration(details.duration())
        .format(details.format())
        .durationMs(durationMs)
        .createdAt(details.createdAt())
        .startedAt(details.startedAt())
        .completedAt(details.finishedAt())
        .error(details.errorKind(), details.errorMessage())
        .origin(origin)
        .generation(details.ours().map(JobMetadata::generation).orElse(null))
        .build();
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
    return builder(eventId, status, now)
        .batchId(identity.batchId().value())
        .entryId(identity.entryId().value())
        .jobId(outcome.jobId())
        .kind(attempt.kind())
        .source(source.bucket(), source.key())
        .createdAt(status == ResultStatus.DISPATCHED ? now : null)
        .completedAt(status.terminal() ? now : null)
        .error(outcome.errorKind(), outcome.errorMessage())
        .origin(ORIGIN_TASK_HANDLER)
        .attempt(attempt.attempt())
        .generation(attempt.generation())
        .build();
  }

  /**
   * A verdict on an entry that no job of Ittybit's settled ({@code lost}, a user's {@code
   * cancelled}): one row per entry, generation and status, whoever writes it how often.
   */
  public static ResultRow fromVerdict(EntryVerdict verdict, Instant now) {
    EntryIdentity identity = verdict.identity();
    return builder(
            verdict.status().wireName() + "-" + identity.taskId(verdict.generation()),
            verdict.status(),
            now)
        .batchId(identity.batchId().value())
        .entryId(identity.entryId().value())
        .generation(verdict.generation())
        .completedAt(verdict.at())
        .error(verdict.errorKind(), verdict.errorMessage())
        .origin(verdict.origin())
        .build();
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

  /** A row with the three columns every row has; the rest are named, and null until set. */
  public static ResultRowBuilder builder(String eventId, ResultStatus status, Instant receivedAt) {
    return new ResultRowBuilder().eventId(eventId).status(status).receivedAt(receivedAt);
  }

  /** A builder holding this row's values, to derive a row that differs in a few columns. */
  public ResultRowBuilder toBuilder() {
    return builder(eventId, status, receivedAt)
        .batchId(batchId)
        .entryId(entryId)
        .jobId(jobId)
        .kind(kind)
        .sourceBucket(sourceBucket)
        .sourceKey(sourceKey)
        .outputUrl(outputUrl)
        .width(width)
        .height(height)
        .duration(duration)
        .format(format)
        .durationMs(durationMs)
        .createdAt(createdAt)
        .startedAt(startedAt)
        .completedAt(completedAt)
        .errorKind(errorKind)
        .errorMessage(errorMessage)
        .origin(origin)
        .attempt(attempt)
        .generation(generation);
  }
}
