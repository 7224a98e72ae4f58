package dev.ittybatch.local.ittybit;

/**
 * Which generation of Ittybit's documentation the simulator plays. Ittybit's pages changed shape
 * three times in 2025 and disagree with each other; {@link #documented()} is the strict reading of
 * what the API reference and the webhook pages say today, and each older behaviour is a knob.
 *
 * @param refuseUnknownFields {@code POST /jobs} answers 400 {@code request_invalid} for a body
 *     field the reference does not list (https://ittybit.com/api/create-job lists input, kind,
 *     options, output, metadata). Whether Ittybit ignores or refuses such a field is not published:
 *     the stricter answer here.
 * @param webhooks how and where finished jobs are announced
 * @param taskData what the data of an endpoint event carries besides the task's own id
 * @param olderStatuses jobs and webhooks speak the older words ({@code pending}, {@code completed},
 *     {@code error}) and bare objects carry ISO {@code created}/{@code completed} times
 */
public record Dialect(
    boolean refuseUnknownFields, WebhookStyle webhooks, TaskData taskData, boolean olderStatuses) {

  /** Where and in which shape webhooks go. */
  public enum WebhookStyle {
    /**
     * Since the 2025-12-01 changelog: event envelopes {@code {id:"evt_..", object:"event",
     * kind:"task.succeeded", data:{task}, created_at}} to registered endpoints only; a job's own
     * {@code webhook_url} is not a documented field and is never called.
     */
    ENDPOINT_EVENTS,
    /** The older webhook guide: the finished object itself POSTed to the job's webhook_url. */
    BARE_OBJECT,
    /** {@code {"type":"job.succeeded","data":{job}}} to the job's webhook_url. */
    TYPED_JOB_EVENT
  }

  /**
   * The webhook pages show a task's id, kind, status and outputs in an event's data; whether a task
   * names its job, or carries the metadata given to the job, they do not say.
   */
  public enum TaskData {
    /** The task carries the metadata the job was created with, and no job id. */
    METADATA,
    /** The task names its job ({@code job_id}) and carries no metadata. */
    JOB_ID,
    /** Only what the pages show: nothing ties the task to a job or an entry. */
    BARE
  }

  /** Ittybit as its API reference and webhook pages document it today. */
  public static Dialect documented() {
    return new Dialect(true, WebhookStyle.ENDPOINT_EVENTS, TaskData.METADATA, false);
  }

  /** The per-job {@code webhook_url} generation: unknown fields ignored, bare objects posted. */
  public static Dialect perJobWebhooks(WebhookStyle style, boolean olderStatuses) {
    return new Dialect(false, style, TaskData.METADATA, olderStatuses);
  }

  public Dialect withTaskData(TaskData data) {
    return new Dialect(refuseUnknownFields, webhooks, data, olderStatuses);
  }

  boolean endpointsOnly() {
    return webhooks == WebhookStyle.ENDPOINT_EVENTS;
  }

  /** Whether this generation calls a job's own {@code webhook_url}, so jobs must carry it. */
  public boolean callsJobWebhookUrl() {
    return !endpointsOnly();
  }
}
