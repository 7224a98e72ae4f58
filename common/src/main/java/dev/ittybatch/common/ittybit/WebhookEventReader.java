package dev.ittybatch.common.ittybit;

import static dev.ittybatch.common.ittybit.JsonFields.text;

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
 * What the object says of its file and outcome is read by {@link JobDetails}, as for a fetched job.
 * The object may be a job or a task: a task's own id is kept apart from the job it names, if it
 * names one ({@link DeliverySubject} says what the delivery is about).
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

    return event(envelopeId, topic, data);
  }

  private WebhookEvent event(String envelopeId, String topic, JsonNode data) {
    String id = text(data, "id");
    String jobId = jobId(data, id);
    String taskId = id != null && !id.equals(jobId) ? id : null;
    JobStatus status = status(topic, data);
    String eventId = envelopeId;
    if (eventId == null || eventId.isBlank()) {
      eventId = derivedEventId(jobId != null ? jobId : id != null ? id : "unnamed", status);
    }
    return new WebhookEvent(
        eventId,
        topic,
        jobId,
        taskId,
        status,
        data.path("input").isObject() ? text(data.get("input"), "url") : text(data, "input"),
        JobDetails.read(data, status));
  }

  /** The id of an event that came without one: the same object in the same status, the same id. */
  static String derivedEventId(String subject, JobStatus status) {
    return "derived-" + subject + "-" + status.wireName();
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

  private static boolean isTopic(String value) {
    return value != null && TOPIC.matcher(value).matches();
  }
}
