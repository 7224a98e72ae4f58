package dev.ittybatch.common.results;

import java.time.Instant;

/**
 * A test's result row, column by column: the rows a test needs differ from the per-origin ones (a
 * webhook's, a dispatch's, a verdict's) in a few columns, and no test counts positional nulls.
 * Start from {@link #row} or {@link #from}.
 */
public final class ResultRowBuilder {
  private String eventId;
  private String batchId;
  private String entryId;
  private ResultStatus status;
  private String jobId;
  private String kind;
  private String sourceBucket;
  private String sourceKey;
  private String outputUrl;
  private Long width;
  private Long height;
  private Double duration;
  private String format;
  private Long durationMs;
  private Instant createdAt;
  private Instant startedAt;
  private Instant completedAt;
  private String errorKind;
  private String errorMessage;
  private Instant receivedAt;
  private String origin;
  private Integer attempt;
  private Integer generation;

  private ResultRowBuilder() {}

  /** A row with the three columns every row has; the rest are named, and null until set. */
  public static ResultRowBuilder row(String eventId, ResultStatus status, Instant receivedAt) {
    return new ResultRowBuilder().eventId(eventId).status(status).receivedAt(receivedAt);
  }

  /** A builder holding this row's values, to derive a row that differs in a few columns. */
  public static ResultRowBuilder from(ResultRow row) {
    return row(row.eventId(), row.status(), row.receivedAt())
        .batchId(row.batchId())
        .entryId(row.entryId())
        .jobId(row.jobId())
        .kind(row.kind())
        .source(row.sourceBucket(), row.sourceKey())
        .outputUrl(row.outputUrl())
        .width(row.width())
        .height(row.height())
        .duration(row.duration())
        .format(row.format())
        .durationMs(row.durationMs())
        .createdAt(row.createdAt())
        .startedAt(row.startedAt())
        .completedAt(row.completedAt())
        .error(row.errorKind(), row.errorMessage())
        .origin(row.origin())
        .attempt(row.attempt())
        .generation(row.generation());
  }

  public ResultRowBuilder eventId(String eventId) {
    this.eventId = eventId;
    return this;
  }

  public ResultRowBuilder batchId(String batchId) {
    this.batchId = batchId;
    return this;
  }

  public ResultRowBuilder entryId(String entryId) {
    this.entryId = entryId;
    return this;
  }

  public ResultRowBuilder status(ResultStatus status) {
    this.status = status;
    return this;
  }

  public ResultRowBuilder jobId(String jobId) {
    this.jobId = jobId;
    return this;
  }

  public ResultRowBuilder kind(String kind) {
    this.kind = kind;
    return this;
  }

  public ResultRowBuilder sourceBucket(String sourceBucket) {
    this.sourceBucket = sourceBucket;
    return this;
  }

  public ResultRowBuilder sourceKey(String sourceKey) {
    this.sourceKey = sourceKey;
    return this;
  }

  public ResultRowBuilder outputUrl(String outputUrl) {
    this.outputUrl = outputUrl;
    return this;
  }

  public ResultRowBuilder width(Long width) {
    this.width = width;
    return this;
  }

  public ResultRowBuilder height(Long height) {
    this.height = height;
    return this;
  }

  public ResultRowBuilder duration(Double duration) {
    this.duration = duration;
    return this;
  }

  public ResultRowBuilder format(String format) {
    this.format = format;
    return this;
  }

  public ResultRowBuilder durationMs(Long durationMs) {
    this.durationMs = durationMs;
    return this;
  }

  public ResultRowBuilder createdAt(Instant createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  public ResultRowBuilder startedAt(Instant startedAt) {
    this.startedAt = startedAt;
    return this;
  }

  public ResultRowBuilder completedAt(Instant completedAt) {
    this.completedAt = completedAt;
    return this;
  }

  public ResultRowBuilder errorKind(String errorKind) {
    this.errorKind = errorKind;
    return this;
  }

  public ResultRowBuilder errorMessage(String errorMessage) {
    this.errorMessage = errorMessage;
    return this;
  }

  public ResultRowBuilder receivedAt(Instant receivedAt) {
    this.receivedAt = receivedAt;
    return this;
  }

  public ResultRowBuilder origin(String origin) {
    this.origin = origin;
    return this;
  }

  public ResultRowBuilder attempt(Integer attempt) {
    this.attempt = attempt;
    return this;
  }

  public ResultRowBuilder generation(Integer generation) {
    this.generation = generation;
    return this;
  }

  public ResultRowBuilder source(String bucket, String key) {
    return sourceBucket(bucket).sourceKey(key);
  }

  public ResultRowBuilder error(String kind, String message) {
    return errorKind(kind).errorMessage(message);
  }

  public ResultRow build() {
    return new ResultRow(
        eventId,
        batchId,
        entryId,
        status,
        jobId,
        kind,
        sourceBucket,
        sourceKey,
        outputUrl,
        width,
        height,
        duration,
        format,
        durationMs,
        createdAt,
        startedAt,
        completedAt,
        errorKind,
        errorMessage,
        receivedAt,
        origin,
        attempt,
        generation);
  }
}
