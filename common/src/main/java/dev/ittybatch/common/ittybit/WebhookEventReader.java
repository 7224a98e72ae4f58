package dev.ittybatch.common.ittybit;

import static dev.ittybatch.common.ittybit.JsonFields.decimal;
import static dev.ittybatch.common.ittybit.JsonFields.firstText;
import static dev.ittybatch.common.ittybit.JsonFields.integer;
import static dev.ittybatch.common.ittybit.JsonFields.text;
import static dev.ittybatch.common.ittybit.JsonFields.time;

import dev.ittybatch.common.identity.GcsPath;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads every webhook shape Ittybit's docs show into one {@link WebhookEvent}:
 *
 * <ol>
 *   <li>the event envelope {@code {"id":"evt_..","object":"event","kind":"task.succeeded",
 *       "data":{..}}};
 *   <li>a bare job or task object POSTed to a per-job {@code webhook_url};
 *   <li>{@code {"type":"job.succeeded","data":{..}}}.
 * </ol>
 *
 * {@code output} may be an object, a URL string, or an {@code outputs} array; timestamps are read
 * by {@link Timestamps}. The object may be a job or a task: a task's own id is kept apart from the
 * job it names, if it names one ({@link DeliverySubject} says what the delivery is about).
 */
public final class WebhookEventReader {

  private static final Pattern TOPIC = Pattern.compile("[a-z_]+\\.[a-z_]+");
  private static final Pattern NOT_A_JOB = Pattern.compile("(task|tsk|evt|run|file|med|we)_");

  /**
   * @throws UnrecognizedEventException when the body is none of the documented shapes
   */
  public WebhookEvent read(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new UnrecognizedEventException("webhook body is not a JSON object");
    }
    String topic = null;
    String envelopeId = null;
    JsonNode data;
    if (isTopic(text(body, "kind")) && body.path("data").isObject()) {
      topic = text(body, "kind");
      envelopeId = text(body, "id");
      data = body.get("data");
    } else if (isTopic(text(body, "type")) && body.path("data").isObject()) {
      topic = text(body, "type");
      envelopeId = text(body, "id");
      data = body.get("data");
    } else if (body.path("data").isObject() && "event".equals(text(body, "object"))) {
      envelopeId = text(body, "id");
      data = body.get("data");
    } else if (text(body, "id") != null && text(body, "status") != null) {
      data = body;
    } else {
      throw new UnrecognizedEventException(
          "webhook body is not an Ittybit event: expected {\"kind\": \"task.succeeded\", \"data\":"
              + " {...}}, {\"type\": \"job.succeeded\", \"data\": {...}} or a job object with \"id\""
              + " and \"status\"");
    }

    return event(envelopeId, topic, data, false);
  }

  /**
   * Reads a job as {@code GET /jobs/{id}} returns it. Its event id is derived from job id and
   * status, so a webhook, its redeliveries, other events about the same job and a later
   * reconciliation all describe the same row, which the store de-duplicates. A status no docs use
   * reads as {@link JobStatus#UNKNOWN}: not finished.
   *
   * @throws UnrecognizedEventException when the body is not an object with an id
   */
  public WebhookEvent readJob(JsonNode job) {
    if (job == null || !job.isObject() || text(job, "id") == null) {
      throw new UnrecognizedEventException("not an Ittybit job: no id");
    }
    return event(null, null, job, true);
  }

  /**
   * @param fetched the object is what {@code GET /jobs/{id}} answered: whatever its id looks like,
   *     it is the job
   */
  private WebhookEvent event(String envelopeId, String topic, JsonNode data, boolean fetched) {
    String id = text(data, "id");
    String jobId = fetched ? id : jobId(data, id);
    String taskId = id != null && !id.equals(jobId) ? id : null;
    JobStatus status = status(topic, data);

    Optional<JobMetadata> metadata = JobMetadata.read(data.path("metadata"));
    String sourceBucket = metadata.map(JobMetadata::sourceBucket).orElse(null);
    String sourceKey = metadata.map(JobMetadata::sourceKey).orElse(null);
    if (sourceBucket == null && text(data, "input") != null) {
      // Signed URLs hide the gs:// path, so this only helps for inputs given as gs:// directly.
      Optional<GcsPath> input = gcsPath(text(data, "input"));
      sourceBucket = input.map(GcsPath::bucket).orElse(null);
      sourceKey = input.map(GcsPath::object).orElse(sourceKey);
    }

    Output output = output(data);
    JsonNode error = data.path("error");
    String errorKind = null;
    String errorMessage = null;
    if (error.isString()) {
      errorMessage = error.stringValue();
    } else if (error.isObject()) {
      errorKind = firstText(error, "kind", "code", "type");
      errorMessage = firstText(error, "message", "detail", "description");
    }

    Instant created = time(data, "created_at", "created");
    Instant started = time(data, "started_at", "started");
    Instant finished = time(data, "finished_at", "completed_at", "completed", "finished");
    if (finished == null && status.terminal()) {
      finished = time(data, "updated_at", "updated");
    }

    String eventId = envelopeId;
    if (eventId == null || eventId.isBlank()) {
      String subject = jobId != null ? jobId : id != null ? id : "unnamed";
      eventId = "derived-" + subject + "-" + status.wireName();
    }
    return new WebhookEvent(
        eventId,
        topic,
        jobId,
        taskId,
        status,
        firstText(data, "kind"),
        metadata.map(m -> m.identity().batchId().value()).orElse(null),
        metadata.map(m -> m.identity().entryId().value()).orElse(null),
        sourceBucket,
        sourceKey,
        output.url,
        output.width,
        output.height,
        output.duration,
        output.format,
        errorKind,
        errorMessage,
        created,
        started,
        finished,
        metadata.map(JobMetadata::generation).orElse(null),
        data.path("input").isObject() ? text(data.get("input"), "url") : text(data, "input"));
  }

  /**
   * The job a delivery names: its {@code job_id}, a {@code job} object or id beside a task, or the
   * object's own id when it is a job. An id of another kind ({@code task_}, {@code evt_}, ...) is
   * not a job's; an id with no known prefix is taken for one, as older pages showed ids without
   * prefixes and fetching costs only a 404.
   */
  private static String jobId(JsonNode data, String id) {
    String named = text(data, "job_id");
    if (named == null && data.path("job").isObject()) {
      named = text(data.get("job"), "id");
    }
    if (named == null) {
      named = text(data, "job");
    }
    if (named != null) {
      return named;
    }
    String object = text(data, "object");
    if (id == null || (object != null && !object.equals("job"))) {
      return null;
    }
    return NOT_A_JOB.matcher(id).lookingAt() ? null : id;
  }

  private static JobStatus status(String topic, JsonNode data) {
    String word = text(data, "status");
    if (topic != null) {
      String verb = topic.substring(topic.indexOf('.') + 1);
      Optional<JobStatus> fromTopic = JobStatus.parse(verb);
      if (fromTopic.isPresent() && fromTopic.get().terminal()) {
        return fromTopic.get();
      }
      // task.updated and the like: the object's own status says where it is.
      if (word == null && fromTopic.isPresent()) {
        return fromTopic.get();
      }
    }
    return JobStatus.read(word);
  }

  private record Output(String url, Long width, Long height, Double duration, String format) {}

  private static Output output(JsonNode data) {
    JsonNode output = data.path("output");
    if (output.isMissingNode() || output.isNull()) {
      JsonNode outputs = data.path("outputs");
      output = outputs.isArray() && !outputs.isEmpty() ? outputs.get(0) : outputs;
    }
    if (output.isString()) {
      // A job's output is a bare URL; its tasks carry the details of the file made.
      String url = output.stringValue();
      for (JsonNode task : data.path("tasks")) {
        JsonNode taskOutput = task.path("output");
        if (taskOutput.isObject() && url.equals(text(taskOutput, "url"))) {
          return fromObject(taskOutput);
        }
      }
      return new Output(url, null, null, null, null);
    }
    if (output.isObject()) {
      return fromObject(output);
    }
    return new Output(null, null, null, null, null);
  }

  private static Output fromObject(JsonNode output) {
    return new Output(
        text(output, "url"),
        integer(output.path("width")),
        integer(output.path("height")),
        decimal(output.path("duration")),
        text(output, "format"));
  }

  private static Optional<GcsPath> gcsPath(String input) {
    // Most inputs are signed https URLs: no exception for each of those.
    if (input == null || !input.startsWith(GcsPath.SCHEME)) {
      return Optional.empty();
    }
    try {
      return Optional.of(GcsPath.parse(input));
    } catch (IllegalArgumentException notGcs) {
      return Optional.empty();
    }
  }

  private static boolean isTopic(String value) {
    return value != null && TOPIC.matcher(value).matches();
  }
}
