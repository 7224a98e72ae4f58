package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.common.ittybit.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ittybit as far as this project sees it, and as strict: {@code POST /jobs} (Bearer key, body
 * checks, an {@code Idempotency-Key} of 16 to 32 characters, the same key with another body
 * refused), {@code GET /jobs/{id}} with metadata and outputs, and for each finished job a signed
 * webhook in the event-envelope shape, redelivered until answered 2xx. Its unkindness is set by
 * {@link Faults}; which fault meets which request by {@link Fates}.
 */
public final class IttybitSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IttybitSimulator.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * @param processing how long a job takes (real time)
   * @param timeScale the idempotency window and webhook redelivery waits are divided by this
   */
  public record Settings(
      String apiKey, String webhookSecret, Duration processing, double timeScale, Faults faults) {

    public static Settings quiet(String apiKey, String webhookSecret) {
      return new Settings(apiKey, webhookSecret, Duration.ofMillis(500), 1, Faults.none());
    }
  }

  private final Settings settings;
  private final Fates fates;
  private final SimulatedJobs jobs;
  private final WebhookSender webhooks;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService timers;
  private final Map<String, AtomicLong> counters = new LinkedHashMap<>();

  public IttybitSimulator(Settings settings) throws IOException {
    this.settings = settings;
    this.fates = new Fates(settings.faults());
    this.jobs = new SimulatedJobs(settings.timeScale());
    for (String name :
        new String[] {
          "creates",
          "fetches",
          "rate_limited",
          "server_errors",
          "unavailable",
          "rejected",
          "bad_keys",
          "idempotency_conflicts",
          "idempotent_replays",
          "lost_answers"
        }) {
      counters.put(name, new AtomicLong());
    }
    this.handlers = Executors.newFixedThreadPool(32, daemon("ittybit-http"));
    this.timers = Executors.newScheduledThreadPool(2, daemon("ittybit-timer"));
    this.webhooks =
        new WebhookSender(
            settings.webhookSecret(),
            settings.faults(),
            fates,
            settings.timeScale(),
            timers,
            daemon("ittybit-webhook"));
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.createContext("/jobs", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Whether every create for this input is answered 503 (decided by its URL, query excluded). */
  public boolean unavailable(String input) {
    return fates.unavailable(input);
  }

  /** Whether this input is refused with 400. */
  public boolean rejects(String input) {
    return !fates.unavailable(input) && fates.rejects(input);
  }

  /** Whether a job for this input ends {@code failed}. */
  public boolean fails(String input) {
    return fates.fails(input);
  }

  /** Whether the webhook of a job for this input is never sent. */
  public boolean losesWebhook(String input) {
    return fates.losesWebhook(input);
  }

  /**
   * Whether a forged webhook claiming the opposite outcome follows this input's job. Believing the
   * job, not the webhook, turns it into the true row, so it settles an entry whose own webhook was
   * lost.
   */
  public boolean forgesLieAboutRealJob(String input) {
    return fates.forgesWebhook(input) && !fates.forgesUnknownJob(input);
  }

  /** The most Ittybit jobs created for one entry and generation: 1 when idempotency held. */
  public int maxJobsPerEntry() {
    return jobs.maxJobsPerEntry();
  }

  public long jobsCreated() {
    return jobs.count();
  }

  /**
   * What happened, by name: requests and faults on the API side, deliveries on the webhook side.
   */
  public Map<String, Long> counters() {
    Map<String, Long> all = new LinkedHashMap<>();
    counters.forEach((name, value) -> all.put(name, value.get()));
    all.put("jobs", jobs.count());
    all.put("webhook_deliveries", webhooks.deliveries.get());
    all.put("webhook_redeliveries", webhooks.redeliveries.get());
    all.put("webhooks_never_sent", webhooks.neverSent.get());
    all.put("webhooks_refused_in_outage", webhooks.refusedInOutage.get());
    all.put("webhooks_given_up", webhooks.givenUp.get());
    all.put("forged_webhooks", webhooks.forgedSent.get());
    all.put("forged_webhooks_believed", webhooks.forgedRecorded.get());
    return all;
  }

  private void count(String name) {
    counters.get(name).incrementAndGet();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!("Bearer " + settings.apiKey())
          .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, error("token_invalid", "missing or invalid API key"));
        return;
      }
      if (exchange.getRequestMethod().equals("GET") && path.startsWith("/jobs/")) {
        count("fetches");
        SimulatedJobs.Job job = jobs.get(path.substring("/jobs/".length()));
        if (job == null) {
          reply(exchange, 404, error("job_not_found", "no such job"));
        } else {
          reply(exchange, 200, jobs.render(job));
        }
        return;
      }
      if (!exchange.getRequestMethod().equals("POST") || !path.equals("/jobs")) {
        reply(exchange, 405, error("method_not_allowed", "POST /jobs or GET /jobs/{id}"));
        return;
      }
      count("creates");
      createJob(exchange);
    } catch (RuntimeException e) {
      log.error("simulator failed on a request", e);
    }
  }

  private void createJob(HttpExchange exchange) throws IOException {
    byte[] raw;
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
      request = JSON.readTree(raw);
    } catch (JacksonException e) {
      reply(exchange, 400, error("request_invalid", "body is not JSON"));
      return;
    }
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key != null && (key.length() < 16 || key.length() > 32)) {
      count("bad_keys");
      reply(
          exchange,
          400,
          error("request_invalid", "Idempotency-Key must be 16 to 32 characters long"));
      return;
    }
    String input = request.path("input").asString("");
    if (!input.startsWith("https://") && !input.startsWith("http://")) {
      reply(exchange, 400, error("url_required", "input must be an http(s) URL"));
      return;
    }
    if (MediaKind.fromWireName(request.path("kind").asString("")).isEmpty()) {
      reply(exchange, 400, error("request_invalid", "kind must be one of " + MediaKind.WIRE_NAMES));
      return;
    }
    if (fates.unavailable(input)) {
      count("unavailable");
      reply(exchange, 503, error("service_unavailable", "try again"));
      return;
    }
    switch (fates.transientFault()) {
      case RATE_LIMITED -> {
        count("rate_limited");
        exchange.getResponseHeaders().add("Retry-After", "1");
        reply(exchange, 429, error("rate_limited", "too many requests"));
        return;
      }
      case SERVER_ERROR -> {
        count("server_errors");
        reply(
            exchange,
            ThreadLocalRandom.current().nextBoolean() ? 500 : 503,
            error("internal_error", "try again"));
        return;
      }
      case NONE -> {}
    }
    if (fates.rejects(input)) {
      count("rejected");
      reply(exchange, 400, error("invalid_input", "the input could not be read as media"));
      return;
    }
    SimulatedJobs.Created created = jobs.create(key, raw, request, input);
    if (created instanceof SimulatedJobs.NewJob job) {
      webhooks.firstJobCreated();
      timers.schedule(
          () -> finish(job.job()), settings.processing().toMillis(), TimeUnit.MILLISECONDS);
      answer(exchange, job.answer());
    } else if (created instanceof SimulatedJobs.Replay replay) {
      count("idempotent_replays");
      answer(exchange, replay.answer());
    } else {
      // Ittybit does not publish this status; a conflict-style 409 is the usual shape.
      count("idempotency_conflicts");
      reply(
          exchange,
          409,
          error(
              "idempotency_conflict",
              "this Idempotency-Key was used with a different request body"));
    }
  }

  /** Answers a create, or loses the answer: the job exists either way. */
  private void answer(HttpExchange exchange, byte[] body) throws IOException {
    if (!fates.losesAnswer()) {
      reply(exchange, 201, body);
      return;
    }
    count("lost_answers");
    Duration slow = settings.faults().slowAnswer();
    if (!slow.isZero() && ThreadLocalRandom.current().nextBoolean()) {
      try {
        Thread.sleep(slow.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(exchange, 201, body);
      return;
    }
    // Closing an exchange before any header is sent drops the connection: the caller sees it
    // reset with no answer at all.
    exchange.close();
  }

  private void finish(SimulatedJobs.Job job) {
    jobs.finish(job, fates.fails(job.input()), fates.duration(job.input()));
    webhooks.finished(job, (ObjectNode) JSON.readTree(jobs.render(job)));
  }

  private static byte[] error(String kind, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("kind", kind);
    error.put("message", message);
    return JSON.writeValueAsBytes(error);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    timers.shutdownNow();
    handlers.shutdownNow();
  }
}
