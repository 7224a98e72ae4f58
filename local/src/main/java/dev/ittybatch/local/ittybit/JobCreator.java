package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import dev.ittybatch.common.ittybit.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /jobs}, in the order Ittybit checks it: body (in the documented dialect, only the
 * fields the reference lists), idempotency key, input, kind, an account-wide refusal when one is
 * set, then the faults {@link Fates} deals, then the idempotency store (new job, replay, or
 * conflict).
 */
final class JobCreator {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The body fields https://ittybit.com/api/create-job lists. */
  static final Set<String> DOCUMENTED_FIELDS =
      Set.of("input", "kind", "options", "output", "metadata");

  /**
   * An answer every create gets whatever it carries: what an account-wide problem looks like (a
   * revoked key, an unpaid bill, a field this account's Ittybit refuses).
   */
  record Refusal(int status, String kind, String message) {}

  private final AtomicReference<Refusal> refusal = new AtomicReference<>();

  private final IttybitSimulator.Settings settings;
  private final Fates fates;
  private final SimulatedJobs jobs;
  private final WebhookSender webhooks;
  private final ScheduledExecutorService timers;
  private final Worker worker;
  private final Consumer<String> count;
  // Fetching and transcoding take real time: a few at once, as a worker pool would.
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "ittybit-worker");
            thread.setDaemon(true);
            return thread;
          });

  JobCreator(
      IttybitSimulator.Settings settings,
      Fates fates,
      SimulatedJobs jobs,
      WebhookSender webhooks,
      ScheduledExecutorService timers,
      Worker worker,
      Consumer<String> count) {
    this.settings = settings;
    this.fates = fates;
    this.jobs = jobs;
    this.webhooks = webhooks;
    this.timers = timers;
    this.worker = worker;
    this.count = count;
  }

  void create(HttpExchange exchange) throws IOException {
    byte[] raw;
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
      request = JSON.readTree(raw);
    } catch (JacksonException e) {
      Replies.send(exchange, 400, Replies.error("request_invalid", "body is not JSON"));
      return;
    }
    String invalid = invalidBody(request);
    if (invalid != null) {
      Replies.send(exchange, 400, Replies.error("request_invalid", invalid));
      return;
    }
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key != null && (key.length() < 16 || key.length() > 32)) {
      count.accept("bad_keys");
      Replies.send(
          exchange,
          400,
          Replies.error("request_invalid", "Idempotency-Key must be 16 to 32 characters long"));
      return;
    }
    String input = request.path("input").asString("");
    if (!input.startsWith("https://") && !input.startsWith("http://")) {
      Replies.send(exchange, 400, Replies.error("url_required", "input must be an http(s) URL"));
      return;
    }
    if (MediaKind.fromWireName(request.path("kind").asString("")).isEmpty()) {
      Replies.send(
          exchange,
          400,
          Replies.error("request_invalid", "kind must be one of " + MediaKind.WIRE_NAMES));
      return;
    }
    Refusal refused = refusal.get();
    if (refused != null) {
      count.accept("account_refusals");
      Replies.send(exchange, refused.status(), Replies.error(refused.kind(), refused.message()));
      return;
    }
    if (fates.unavailable(input)) {
      count.accept("unavailable");
      Replies.send(exchange, 503, Replies.error("service_unavailable", "try again"));
      return;
    }
    switch (fates.transientFault()) {
      case RATE_LIMITED -> {
        count.accept("rate_limited");
        exchange.getResponseHeaders().add("Retry-After", "1");
        Replies.send(exchange, 429, Replies.error("rate_limited", "too many requests"));
        return;
      }
      case SERVER_ERROR -> {
        count.accept("server_errors");
        Replies.send(
            exchange,
            ThreadLocalRandom.current().nextBoolean() ? 500 : 503,
            Replies.error("internal_error", "try again"));
        return;
      }
      case NONE -> {}
    }
    if (fates.rejects(input)) {
      count.accept("rejected");
      Replies.send(
          exchange, 400, Replies.error("invalid_input", "the input could not be read as media"));
      return;
    }
    SimulatedJobs.Created created = jobs.create(key, raw, request, input);
    if (created instanceof SimulatedJobs.NewJob job) {
      webhooks.firstJobCreated();
      if (worker != null && Worker.fetchable(job.job().input())) {
        workers.execute(() -> work(job.job()));
      } else {
        timers.schedule(
            () -> finish(job.job()), settings.processing().toMillis(), TimeUnit.MILLISECONDS);
      }
      answer(exchange, job.answer());
    } else if (created instanceof SimulatedJobs.Replay replay) {
      count.accept("idempotent_replays");
      answer(exchange, replay.answer());
    } else {
      // Ittybit does not publish this status; a conflict-style 409 is the usual shape.
      count.accept("idempotency_conflicts");
      Replies.send(
          exchange,
          409,
          Replies.error(
              "idempotency_conflict",
              "this Idempotency-Key was used with a different request body"));
    }
  }

  void refuseEveryCreate(Refusal refused) {
    refusal.set(refused);
  }

  /**
   * What is wrong with the body's shape, or null. {@code output} is an S3 destination and {@code
   * metadata} an object, as the reference says; in the documented dialect no other field passes.
   */
  private String invalidBody(JsonNode request) {
    if (!request.isObject()) {
      return "body must be a JSON object";
    }
    if (settings.dialect().refuseUnknownFields()) {
      for (String name : request.propertyNames()) {
        if (!DOCUMENTED_FIELDS.contains(name)) {
          return "unknown field " + name + ": POST /jobs takes " + DOCUMENTED_FIELDS;
        }
      }
    }
    if (request.has("output") && !request.get("output").asString("").startsWith("s3://")) {
      return "output must be an s3://bucket/key destination";
    }
    if (request.has("metadata") && !request.get("metadata").isObject()) {
      return "metadata must be an object";
    }
    return null;
  }

  /** Answers a create, or loses the answer: the job exists either way. */
  private void answer(HttpExchange exchange, byte[] body) throws IOException {
    if (!fates.losesAnswer()) {
      Replies.send(exchange, 201, body);
      return;
    }
    count.accept("lost_answers");
    Duration slow = fates.faults().slowAnswer();
    if (!slow.isZero() && ThreadLocalRandom.current().nextBoolean()) {
      try {
        Thread.sleep(slow.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Replies.send(exchange, 201, body);
      return;
    }
    // Closing an exchange before any header is sent drops the connection: the caller sees it
    // reset with no answer at all.
    exchange.close();
  }

  /** Fetches (and transcodes): the worker's outcome stands in real time; else the fates decide. */
  private void work(SimulatedJobs.Job job) {
    Worker.Outcome outcome = worker.process(job);
    if (outcome == null) {
      timers.schedule(() -> finish(job), settings.processing().toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    jobs.finish(job, outcome);
    webhooks.finished(job, jobs.current(job));
  }

  private void finish(SimulatedJobs.Job job) {
    jobs.finish(job, fates.fails(job.input()), fates.duration(job.input()));
    webhooks.finished(job, jobs.current(job));
  }
}
