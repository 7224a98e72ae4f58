package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.local.LoopbackServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ittybit as far as this project sees it, and as strict: {@code POST /jobs} (Bearer key, body
 * checks, an {@code Idempotency-Key} of 16 to 32 characters, the same key with another body
 * refused), {@code GET /jobs} and {@code GET /jobs/{id}} with metadata and outputs, {@code POST}
 * and {@code GET /webhooks/endpoints}, and for each finished job a signed webhook, redelivered
 * until answered 2xx. Which generation of the docs it plays is its {@link Dialect}; its unkindness
 * is set by {@link Faults}, which a test may change mid-run; which fault meets which request by
 * {@link Fates}.
 */
public final class IttybitSimulator implements AutoCloseable {

  /**
   * @param processing how long a job takes (real time)
   * @param timeScale the idempotency window and webhook redelivery waits are divided by this
   * @param work where fetched inputs and transcoded outputs go; null fetches nothing
   * @param transcode run ffmpeg on fetched inputs (outputs served at {@code /outputs/})
   */
  public record Settings(
      String apiKey,
      String webhookSecret,
      Duration processing,
      double timeScale,
      Faults faults,
      Path work,
      boolean transcode,
      Dialect dialect) {

    public static Settings quiet(String apiKey, String webhookSecret) {
      return new Settings(
          apiKey,
          webhookSecret,
          Duration.ofMillis(500),
          1,
          Faults.none(),
          null,
          false,
          Dialect.documented());
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
  private final JobCreator creator;
  private final WebhookEndpoints endpoints;

  public IttybitSimulator(Settings settings) throws IOException {
    this.settings = settings;
    this.fates = new Fates(settings.faults());
    this.jobs = new SimulatedJobs(settings.timeScale(), settings.dialect().olderStatuses());
    this.endpoints = new WebhookEndpoints(settings.dialect().refuseUnknownFields());
    for (String name :
        new String[] {
          "creates",
          "fetches",
          "lists",
          "account_refusals",
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
            fates,
            settings.dialect(),
            endpoints,
            settings.timeScale(),
            timers,
            daemon("ittybit-webhook"));
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    Worker worker = null;
    if (settings.work() != null) {
      Path outputs = settings.work().resolve("outputs");
      worker =
          new Worker(
              settings.transcode() ? new Transcoder(outputs) : null,
              settings.work(),
              baseUrl() + "/outputs/");
      server.createContext("/outputs/", new OutputFiles(outputs));
    }
    this.creator =
        new JobCreator(settings, fates, jobs, webhooks, timers, worker, name -> count(name));
    Routes routes = new Routes(settings.apiKey(), jobs, creator, endpoints, name -> count(name));
    server.createContext("/jobs", routes::handle);
    server.createContext("/webhooks/endpoints", routes::handle);
    server.setExecutor(handlers);
    LoopbackServers.start(server, "ittybit-simulator-dispatcher");
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

  /** From now on Ittybit is unkind in these ways (inputs keep their fates' hashes). */
  public void faults(Faults faults) {
    fates.replace(faults);
  }

  /**
   * From now on every {@code POST /jobs} that passes the body and key checks is answered with this
   * error, as an account-wide problem answers it: a revoked key (401), an unpaid bill (402), a
   * project problem (403), or a 400 the account's Ittybit gives whatever the entry.
   */
  public void refuseEveryCreate(int status, String kind, String message) {
    creator.refuseEveryCreate(new JobCreator.Refusal(status, kind, message));
  }

  /** Creates are judged on their own again. */
  public void acceptCreates() {
    creator.refuseEveryCreate(null);
  }

  /**
   * Webhook deliveries still to end: sent and not answered yet, or waiting to be sent again. At 0
   * every delivery so far was answered 2xx or given up.
   */
  public long webhooksOutstanding() {
    return webhooks.outstanding.get();
  }

  /** How many webhook endpoints are registered. */
  public int webhookEndpoints() {
    return endpoints.count();
  }

  /** Whether a forged webhook naming a job or task that does not exist follows this input's job. */
  public boolean forgesUnknown(String input) {
    return fates.forgesWebhook(input) && fates.forgesUnknownJob(input);
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
    all.put("webhooks_without_destination", webhooks.withoutDestination.get());
    return all;
  }

  private void count(String name) {
    counters.get(name).incrementAndGet();
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
    webhooks.close();
    handlers.shutdownNow();
  }
}
