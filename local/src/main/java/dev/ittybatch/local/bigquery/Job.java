package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job: who made it, where, what it was asked to do, and, once done, how it ended. Its resource is
 * written the way the client insists on: {@code configuration} with exactly one of query or load,
 * {@code status.state} one of PENDING, RUNNING, DONE, times as strings of milliseconds
 * (BQ/JobInfo.java L149-165, JobStatus.fromPb L173-181, JobStatistics.fromPb L1822-1836).
 */
final class Job {

  final String project;
  final String id;
  final String location;
  final String creator;
  final long created;

  /** The configuration as sent, completed with what the server fills in (destinationTable). */
  final ObjectNode configuration;

  /** {@code "query"} or {@code "load"}. */
  final String kind;

  /** The caller asked for TIMESTAMP cells as int64 microseconds (jobs.query formatOptions). */
  volatile boolean int64Timestamps;

  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile long started;
  private volatile long ended;
  private volatile ApiError error;
  private volatile List<ApiError> errors = List.of();
  private volatile ObjectNode statistics;
  private volatile Result result;

  Job(
      String project,
      String id,
      String location,
      String creator,
      long created,
      String kind,
      ObjectNode configuration) {
    this.project = project;
    this.id = id;
    this.location = location;
    this.creator = creator;
    this.created = created;
    this.kind = kind;
    this.configuration = configuration;
  }

  /** As BigQuery's messages name a job: {@code project:LOCATION.id}. */
  String display() {
    return project + ":" + location + "." + id;
  }

  void started(long at) {
    started = at;
  }

  void succeeded(long at, ObjectNode statistics, Result result) {
    this.statistics = statistics;
    this.result = result;
    this.ended = at;
    done.complete(null);
  }

  void failed(long at, ApiError error, List<ApiError> errors, ObjectNode statistics) {
    this.error = error;
    this.errors = errors.isEmpty() ? List.of(error) : List.copyOf(errors);
    this.statistics = statistics;
    this.ended = at;
    done.complete(null);
  }

  boolean isDone() {
    return done.isDone();
  }

  /** Waits up to {@code millis} for the job to end; whether it has. */
  boolean await(long millis) throws InterruptedException {
    try {
      done.get(Math.max(0, millis), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  ApiError error() {
    return error;
  }

  Result result() {
    return result;
  }

  /** Drops the rows once they are no longer kept; the job itself stays. */
  void forgetRows() {
    result = null;
  }

  ObjectNode statistics() {
    return statistics;
  }

  ObjectNode reference(JsonMapper json) {
    ObjectNode reference = json.createObjectNode();
    reference.put("projectId", project);
    reference.put("jobId", id);
    reference.put("location", location);
    return reference;
  }

  ObjectNode resource(JsonMapper json, String baseUrl) {
    ObjectNode job = json.createObjectNode();
    job.put("kind", "bigquery#job");
    job.put("etag", Integer.toHexString(System.identityHashCode(this)) + ended);
    job.put("id", display());
    job.put(
        "selfLink",
        baseUrl + "/bigquery/v2/projects/" + project + "/jobs/" + id + "?location=" + location);
    job.put("user_email", creator);
    job.set("jobReference", reference(json));
    ObjectNode config = configuration.deepCopy();
    config.put("jobType", kind.toUpperCase());
    job.set("configuration", config);
    ObjectNode status = job.putObject("status");
    status.put("state", isDone() ? "DONE" : started > 0 ? "RUNNING" : "PENDING");
    ApiError failure = error;
    if (isDone() && failure != null) {
      status.set("errorResult", failure.proto(json));
      ArrayNode list = status.putArray("errors");
      for (ApiError each : new ArrayList<>(errors)) {
        list.add(each.proto(json));
      }
    }
    ObjectNode stats = job.putObject("statistics");
    stats.put("creationTime", Long.toString(created));
    if (started > 0) {
      stats.put("startTime", Long.toString(started));
    }
    if (isDone()) {
      stats.put("endTime", Long.toString(ended));
      if (statistics != null) {
        stats.set(kind, statistics.deepCopy());
        stats.setAll(topLevel(statistics));
      }
    }
    return job;
  }

  /** The few statistics BigQuery repeats at the top level of JobStatistics. */
  private static ObjectNode topLevel(ObjectNode statistics) {
    ObjectNode top = statistics.objectNode();
    for (String name : new String[] {"totalBytesProcessed", "totalSlotMs"}) {
      if (statistics.has(name)) {
        top.set(name, statistics.get(name));
      }
    }
    return top;
  }
}
