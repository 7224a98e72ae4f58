package dev.ittybatch.local.ittybit;

import dev.ittybatch.common.http.BlockingHttpClients;
import dev.ittybatch.webhook.delivery.SignatureVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ittybit's side of webhooks: a signed delivery per finished job, in the dialect's shape and to its
 * destinations (registered endpoints, or the job's own webhook_url in older shapes), redelivered on
 * exponential backoff until answered 2xx (so the same event can arrive more than once), and the
 * unkind parts on demand: webhooks that are never sent, duplicates, an endpoint outage, forgeries.
 */
final class WebhookSender {

  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  private static final int MAX_DELIVERIES = 12;

  /**
   * Deliveries in flight at once, each on a thread of its own; the rest wait their turn (each still
   * gets Ittybit's 5 s from when it is sent). Ittybit does not say how many it sends at once; 250
   * is what deploy.sh lets one webhook-handler instance take (--concurrency=250), so the one local
   * instance is held to what a deployed one must bear. A sender that opened a connection for every
   * finished job at once timed itself out (the endpoint's accept queue overflowed) and turned each
   * timeout into a redelivery: load from the sender, not from the endpoint.
   */
  static final int MAX_IN_FLIGHT = 250;

  static final String SIGNATURE_HEADER = "Ittybit-Signature";
  static final String TIMESTAMP_HEADER = "Ittybit-Timestamp";

  private final String secret;
  private final Fates fates;
  private final Dialect dialect;
  private final WebhookEndpoints endpoints;
  private final WebhookBodies bodies;
  private final double timeScale;
  private final ScheduledExecutorService timers;
  private final ExecutorService senders;
  private final CloseableHttpClient http;
  private volatile long outageFrom = Long.MAX_VALUE;
  final AtomicLong deliveries = new AtomicLong();
  final AtomicLong redeliveries = new AtomicLong();
  final AtomicLong refusedInOutage = new AtomicLong();
  final AtomicLong neverSent = new AtomicLong();
  final AtomicLong givenUp = new AtomicLong();
  final AtomicLong forgedSent = new AtomicLong();
  final AtomicLong forgedRecorded = new AtomicLong();
  final AtomicLong withoutDestination = new AtomicLong();

  /** Deliveries not yet answered 2xx nor given up: sent, or waiting to be sent again. */
  final AtomicLong outstanding = new AtomicLong();

  WebhookSender(
      String secret,
      Fates fates,
      Dialect dialect,
      WebhookEndpoints endpoints,
      double timeScale,
      ScheduledExecutorService timers,
      java.util.concurrent.ThreadFactory threads) {
    this.secret = secret;
    this.fates = fates;
    this.dialect = dialect;
    this.endpoints = endpoints;
    this.bodies = new WebhookBodies(dialect);
    this.timeScale = timeScale;
    this.timers = timers;
    this.senders = Executors.newFixedThreadPool(MAX_IN_FLIGHT, threads);
    this.http =
        BlockingHttpClients.pooled(Duration.ofSeconds(5), Duration.ofSeconds(5), MAX_IN_FLIGHT);
  }

  /** The outage window starts counting at the first job. */
  void firstJobCreated() {
    Faults faults = fates.faults();
    if (outageFrom == Long.MAX_VALUE && !faults.webhookOutage().isZero()) {
      synchronized (this) {
        if (outageFrom == Long.MAX_VALUE) {
          outageFrom = System.nanoTime() + faults.webhookOutageAfter().toNanos();
        }
      }
    }
  }

  /**
   * The webhook for a finished job (if its fate allows one) to every destination the dialect gives
   * it, and any forgery riding along.
   */
  void finished(SimulatedJobs.Job job, ObjectNode jobBody) {
    List<String> urls = destinations(job, jobBody);
    if (urls.isEmpty()) {
      withoutDestination.incrementAndGet();
      return;
    }
    if (fates.forgesWebhook(job.input())) {
      forgedSent.incrementAndGet();
      // The worst case: the secret or token leaked, so the forgery passes the signature check.
      WebhookBodies.Forgery forgery = bodies.forged(jobBody, fates.forgesUnknownJob(job.input()));
      urls.forEach(url -> deliver(url, forgery.body(), 1, forgery.believedIf()));
    }
    if (fates.losesWebhook(job.input())) {
      neverSent.incrementAndGet();
      return;
    }
    String event = bodies.genuine(jobBody);
    boolean duplicate = fates.duplicatesWebhook();
    for (String url : urls) {
      deliver(url, event, 1, null);
      if (duplicate) {
        // The same event again, as a real sender does after a lost acknowledgement.
        timers.schedule(() -> deliver(url, event, 1, null), 50, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Registered endpoints subscribed to the topic, or the job's own webhook_url in older shapes. */
  private List<String> destinations(SimulatedJobs.Job job, ObjectNode jobBody) {
    if (dialect.endpointsOnly()) {
      return endpoints.urlsFor(bodies.topic(jobBody));
    }
    return job.webhookUrl() == null ? List.of() : List.of(job.webhookUrl());
  }

  private boolean inOutage() {
    long now = System.nanoTime();
    return now >= outageFrom && now < outageFrom + fates.faults().webhookOutage().toNanos();
  }

  /**
   * @param believed for a forgery, the text in an answer that would mean it was believed; null for
   *     a genuine delivery
   */
  private void deliver(String url, String body, int attempt, String believed) {
    if (attempt == 1) {
      outstanding.incrementAndGet();
    }
    deliveries.incrementAndGet();
    if (inOutage()) {
      refusedInOutage.incrementAndGet();
      retry(url, body, attempt, believed, "endpoint down");
      return;
    }
    senders.execute(() -> send(url, body, attempt, believed));
  }

  private void send(String url, String body, int attempt, String believed) {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    byte[] signed = (timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    ClassicHttpRequest request =
        ClassicRequestBuilder.post(url)
            .setHeader(TIMESTAMP_HEADER, timestamp)
            .setHeader(
                SIGNATURE_HEADER,
                "sha256=" + HexFormat.of().formatHex(SignatureVerifier.hmac(secret, signed)))
            .setEntity(body, ContentType.APPLICATION_JSON)
            .build();
    int status;
    String answer;
    try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
      status = response.getCode();
      answer =
          response.getEntity() == null
              ? ""
              : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    } catch (IOException | ParseException e) {
      retry(url, body, attempt, believed, String.valueOf(e));
      return;
    }
    if (status / 100 == 2) {
      outstanding.decrementAndGet();
      if (believed != null && answer.contains(believed)) {
        forgedRecorded.incrementAndGet();
      }
      return;
    }
    retry(url, body, attempt, believed, "HTTP " + status);
  }

  private void retry(String url, String body, int attempt, String believed, String why) {
    if (attempt >= MAX_DELIVERIES) {
      givenUp.incrementAndGet();
      outstanding.decrementAndGet();
      log.warn("webhook to {} given up after {} attempts ({})", url, attempt, why);
      return;
    }
    redeliveries.incrementAndGet();
    long wait = (long) (Math.min(1000L << (attempt - 1), 60_000) / timeScale);
    timers.schedule(() -> deliver(url, body, attempt + 1, believed), wait, TimeUnit.MILLISECONDS);
  }

  void close() {
    senders.shutdownNow();
    http.close(CloseMode.IMMEDIATE);
  }
}
