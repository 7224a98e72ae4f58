package dev.ittybatch.local.ittybit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The jobs and the idempotency ledger, following Ittybit's "API Idempotency" page: within about 24
 * hours the same key with the same body is processed once and answered with the original response;
 * the same key with a different body is an error; after that the key is forgotten.
 */
final class SimulatedJobs {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A job, its body kept current for {@code GET /jobs/{id}}. */
  record Job(String id, String input, ObjectNode body, String webhookUrl) {}

  /** What Ittybit remembers of a key: the body's digest and the answer it gave. */
  private record Remembered(byte[] bodyDigest, byte[] answer, long atNanos) {}

  sealed interface Created {}

  /** A new job, answered with {@code answer}. */
  record NewJob(Job job, byte[] answer) implements Created {}

  /** The key was seen with this body: the original answer again, no new job. */
  record Replay(byte[] answer) implements Created {}

  /** The key was seen with another body. */
  record Conflict() implements Created {}

  private final long keyLifetimeNanos;
  private final Map<String, Remembered> keys = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Job> newestFirst = new ConcurrentLinkedDeque<>();
  private final Map<String, AtomicInteger> jobsPerEntry = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private final boolean olderStatuses;

  SimulatedJobs(double timeScale, boolean olderStatuses) {
    this.keyLifetimeNanos = (long) (Duration.ofHours(24).toNanos() / timeScale);
    this.olderStatuses = olderStatuses;
  }

  /**
   * Creates a job, or answers as the key's history says. Synchronised: two attempts racing with one
   * key must not both create a job, as Ittybit's page promises.
   */
  synchronized Created create(String key, byte[] rawBody, JsonNode request, String input) {
    byte[] digest = digest(rawBody);
    if (key != null) {
      Remembered earlier = keys.get(key);
      if (earlier != null && System.nanoTime() - earlier.atNanos() < keyLifetimeNanos) {
        return Arrays.equals(earlier.bodyDigest(), digest)
            ? new Replay(earlier.answer())
            : new Conflict();
      }
    }
    Job job = newJob(request, input);
    byte[] answer = JSON.writeValueAsBytes(job.body());
    if (key != null) {
      keys.put(key, new Remembered(digest, answer, System.nanoTime()));
    }
    jobs.put(job.id(), job);
    newestFirst.addFirst(job);
    jobsPerEntry.computeIfAbsent(entryOf(request), e -> new AtomicInteger()).incrementAndGet();
    return new NewJob(job, answer);
  }

  Job get(String id) {
    return jobs.get(id);
  }

  long count() {
    return jobs.size();
  }

  /** The most jobs made for one entry (batch, entry and generation from the job's metadata). */
  int maxJobsPerEntry() {
    return jobsPerEntry.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }

  private Job newJob(JsonNode request, String input) {
    String id = "job_" + ids.incrementAndGet();
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id);
    body.put("object", "job");
    body.put("kind", request.path("kind").asString());
    body.put("input", input);
    body.put("status", "queued");
    body.set(
        "options",
        request.path("options").isObject() ? request.get("options") : JSON.createObjectNode());
    body.set(
        "metadata",
        request.path("metadata").isObject() ? request.get("metadata") : JSON.createObjectNode());
    body.put("created_at", System.currentTimeMillis());
    return new Job(id, input, body, request.path("webhook_url").asString(null));
  }

  /**
   * Ends a job with the fate the settings chose: a made-up output of {@code duration} seconds, or
   * the failure Ittybit reports for a file it cannot decode.
   */
  void finish(Job job, boolean failed, double duration) {
    finish(
        job,
        failed
            ? Worker.Outcome.failed("processing_failed", "the file could not be decoded")
            : new Worker.Outcome(null, null, output(job, duration)));
  }

  /**
   * Ends a job as the worker decided, as Ittybit's worker would: its output, or its reason for
   * failing. The body {@code GET /jobs/{id}} shows changes here.
   */
  void finish(Job job, Worker.Outcome outcome) {
    synchronized (job) {
      ObjectNode body = job.body();
      long now = System.currentTimeMillis();
      body.put("started_at", body.get("created_at").asLong() + 10);
      body.put("finished_at", now);
      body.put("updated_at", now);
      body.put("status", outcome.failed() ? "failed" : "succeeded");
      if (outcome.failed()) {
        ObjectNode error = JSON.createObjectNode();
        error.put("kind", outcome.errorKind());
        error.put("message", outcome.errorMessage());
        body.set("error", error);
      } else {
        body.set("output", outcome.output());
      }
    }
  }

  /** The job as {@code GET /jobs/{id}} shows it now. */
  byte[] render(Job job) {
    return JSON.writeValueAsBytes(snapshot(job));
  }

  /** A copy of the job as it is now, in the dialect's status words. */
  ObjectNode snapshot(Job job) {
    ObjectNode copy = current(job);
    if (olderStatuses) {
      copy.put("status", olderWord(copy.path("status").asString()));
    }
    return copy;
  }

  /** A copy of the job as it is now, in today's status words. */
  ObjectNode current(Job job) {
    synchronized (job) {
      return job.body().deepCopy();
    }
  }

  /** Every job, newest first, as {@code GET /jobs} lists them. */
  List<ObjectNode> newestFirst() {
    List<ObjectNode> all = new ArrayList<>();
    newestFirst.forEach(job -> all.add(snapshot(job)));
    return all;
  }

  /** The words older pages use: pending, completed, error. */
  static String olderWord(String status) {
    return switch (status) {
      case "queued" -> "pending";
      case "succeeded" -> "completed";
      case "failed" -> "error";
      default -> status;
    };
  }

  private static ObjectNode output(Job job, double duration) {
    JsonNode options = job.body().path("options");
    String kind = job.body().path("kind").asString();
    String format = options.path("format").asString(defaultFormat(kind));
    ObjectNode output = JSON.createObjectNode();
    output.put("url", "https://cdn.ittybit.invalid/" + job.id() + "." + format);
    output.put("format", format);
    if (!kind.equals("audio")) {
      int width = options.path("width").isIntegralNumber() ? options.get("width").asInt() : 1920;
      int height =
          options.path("height").isIntegralNumber()
              ? options.get("height").asInt()
              : width * 9 / 16;
      output.put("width", width);
      output.put("height", height);
    }
    if (!kind.equals("image")) {
      output.put("duration", duration);
    }
    output.put("kind", kind);
    return output;
  }

  /** The format a job of {@code kind} is made in when its options name none. */
  static String defaultFormat(String kind) {
    return switch (kind) {
      case "audio" -> "mp3";
      case "image" -> "webp";
      case "animation" -> "gif";
      case "adaptive_video" -> "hls";
      default -> "mp4";
    };
  }

  private static String entryOf(JsonNode request) {
    JsonNode metadata = request.path("metadata");
    return metadata.path("batch_id").asString("?")
        + "/"
        + metadata.path("entry_id").asString("?")
        + "/"
        + metadata.path("generation").asString("0");
  }

  private static byte[] digest(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
