package dev.ittybatch.local.ittybit;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a webhook delivery says, in the dialect's shape: an event envelope whose data is a task, the
 * bare job, or a typed job event. A forgery takes the same shape, naming a task or job that does
 * not exist, or the real one with the opposite outcome.
 */
final class WebhookBodies {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A forged delivery and the text in an answer that would mean it was believed. */
  record Forgery(String body, String believedIf) {}

  private final Dialect dialect;
  private final AtomicLong eventIds = new AtomicLong();
  private final AtomicLong forgedIds = new AtomicLong();

  WebhookBodies(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The topic of a finished job's delivery in this dialect. */
  String topic(ObjectNode job) {
    String status = job.path("status").asString();
    return (dialect.endpointsOnly() ? "task." : "job.") + status;
  }

  String genuine(ObjectNode job) {
    return shaped("evt_" + eventIds.incrementAndGet(), job);
  }

  Forgery forged(ObjectNode job, boolean unknown) {
    ObjectNode lie = job.deepCopy();
    boolean succeeded = "succeeded".equals(job.path("status").asString());
    lie.put("status", succeeded ? "failed" : "succeeded");
    String believed = "\"result\":\"" + lie.path("status").asString() + "\"";
    String id = "evt_forged_" + forgedIds.incrementAndGet();
    if (!unknown) {
      return new Forgery(shaped(id, lie), believed);
    }
    if (dialect.endpointsOnly()) {
      // A task Ittybit never ran, tied to nothing: no job id, no metadata.
      ObjectNode task = task(lie);
      task.put("id", "task_forged_" + forgedIds.get());
      task.remove("metadata");
      task.remove("job_id");
      return new Forgery(envelope(id, lie.path("status").asString(), task), "\"recorded\"");
    }
    lie.put("id", "job_forged_" + forgedIds.get());
    return new Forgery(shaped(id, lie), "\"recorded\"");
  }

  private String shaped(String eventId, ObjectNode job) {
    String status = job.path("status").asString();
    return switch (dialect.webhooks()) {
      case ENDPOINT_EVENTS -> envelope(eventId, status, task(job));
      case BARE_OBJECT -> JSON.writeValueAsString(older(job.deepCopy()));
      case TYPED_JOB_EVENT -> {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", "job." + status);
        event.set("data", older(job.deepCopy()));
        yield JSON.writeValueAsString(event);
      }
    };
  }

  /**
   * The webhook pages' event: {@code created_at} in Unix seconds there (the API reference says
   * milliseconds elsewhere; readers must take both).
   */
  private String envelope(String eventId, String status, ObjectNode task) {
    ObjectNode event = JSON.createObjectNode();
    event.put("id", eventId);
    event.put("object", "event");
    event.put("kind", "task." + status);
    event.set("data", task);
    event.put("created_at", System.currentTimeMillis() / 1000);
    return JSON.writeValueAsString(event);
  }

  /** The job's work as a task: its own id, and what the dialect says ties it to the job. */
  private ObjectNode task(ObjectNode job) {
    String jobId = job.path("id").asString();
    ObjectNode task = JSON.createObjectNode();
    task.put("id", "task_" + jobId.substring(jobId.indexOf('_') + 1));
    task.put("object", "task");
    task.put("kind", job.path("kind").asString());
    task.put(
        "status",
        dialect.olderStatuses()
            ? SimulatedJobs.olderWord(job.path("status").asString())
            : job.path("status").asString());
    ObjectNode input = task.putObject("input");
    input.put("object", "external_file");
    input.put("url", job.path("input").asString());
    task.set("options", job.path("options").deepCopy());
    if (job.has("output")) {
      task.putArray("outputs").add(job.get("output").deepCopy());
    }
    if (job.has("error")) {
      task.set("error", job.get("error").deepCopy());
    }
    for (String time : new String[] {"created_at", "started_at", "finished_at", "updated_at"}) {
      if (job.has(time)) {
        task.set(time, job.get(time).deepCopy());
      }
    }
    switch (dialect.taskData()) {
      case METADATA -> task.set("metadata", job.path("metadata").deepCopy());
      case JOB_ID -> task.put("job_id", jobId);
      case BARE -> {}
    }
    return task;
  }

  /** Older pages: other status words, and ISO {@code created}/{@code completed} times. */
  private ObjectNode older(ObjectNode job) {
    if (!dialect.olderStatuses()) {
      return job;
    }
    job.put("status", SimulatedJobs.olderWord(job.path("status").asString()));
    if (job.has("created_at")) {
      job.put("created", Instant.ofEpochMilli(job.remove("created_at").asLong()).toString());
    }
    if (job.has("finished_at")) {
      job.put("completed", Instant.ofEpochMilli(job.remove("finished_at").asLong()).toString());
    }
    return job;
  }
}
