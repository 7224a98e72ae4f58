package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.common.ittybit.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ittybit as far as this project sees it: {@code POST /jobs} (Bearer key, body checks, {@code
 * Idempotency-Key} replaying the original job), {@code GET /jobs/{id}}, and for each finished job a
 * signed webhook in the event-envelope shape, redelivered until answered 2xx.
 *
 * <p>Faults on demand: shares of creates answered 429 (with {@code Retry-After}) or 503, of inputs
 * rejected with 400, of jobs that fail, and of webhooks delivered twice. Rejections and failures
 * are decided by a hash of the input, so a retried create meets the same fate and tests can predict
 * the outcome of every entry.
 */
public final class IttybitSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IttybitSimulator.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String SIGNATURE_HEADER = "Ittybit-Signature";
  static final String TIMESTAMP_HEADER = "Ittybit-Timestamp";

  /**
   * @param processing how long a job takes (real time)
   * @param timeScale webhook redelivery waits are divided by this
   */
  public record Settings(
      String apiKey,
      String webhookSecret,
      Duration processing,
      double rateLimitedShare,
      double serverErrorShare,
      double rejectedShare,
      double failedShare,
      double duplicateWebhookShare,
      double timeScale) {

    public static Settings quiet(String apiKey, String webhookSecret) {
      return new Settings(apiKey, webhookSecret, Duration.ofMillis(500), 0, 0, 0, 0, 0, 1);
    }
  }

  private record Job(String id, String key, ObjectNode body, long createdAt) {}

  private final Settings settings;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService timers;
  private final HttpClient webhooks;
  private final Map<String, Job> jobsByKey = new ConcurrentHashMap<>();
  private final Map<String, Job> jobsById = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> createdPerKey = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong eventIds = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong replays = new AtomicLong();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong redeliveries = new AtomicLong();

  public IttybitSimulator(Settings settings) throws IOException {
    this.settings = settings;
    this.handlers = Executors.newFixedThreadPool(32, daemon("ittybit-http"));
    this.timers = Executors.newScheduledThreadPool(2, daemon("ittybit-timer"));
    this.webhooks =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4, daemon("ittybit-webhook")))
            .build();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.createContext("/jobs", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Whether this input is refused with 400 (decided by its URL, query string excluded). */
  public boolean rejects(String input) {
    return settings.rejectedShare() > 0 && share("reject", input) < settings.rejectedShare();
  }

  /** Whether a job for this input ends {@code failed}. */
  public boolean fails(String input) {
    return settings.failedShare() > 0 && share("fail", input) < settings.failedShare();
  }

  /** The most jobs created for any one idempotency key: 1 when idempotency held. */
  public int maxJobsPerKey() {
    return createdPerKey.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }

  public long jobsCreated() {
    return jobsById.size();
  }

  public Map<String, Long> counters() {
    return Map.of(
        "requests", requests.get(),
        "jobs", (long) jobsById.size(),
        "rate_limited", rateLimited.get(),
        "server_errors", serverErrors.get(),
        "rejected", rejected.get(),
        "idempotent_replays", replays.get(),
        "webhook_deliveries", deliveries.get(),
        "webhook_redeliveries", redeliveries.get());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      if (!("Bearer " + settings.apiKey())
          .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, error("token_invalid", "missing or invalid API key"));
        return;
      }
      if (exchange.getRequestMethod().equals("GET") && path.startsWith("/jobs/")) {
        Job job = jobsById.get(path.substring("/jobs/".length()));
        reply(
            exchange,
            job == null ? 404 : 200,
            job == null ? error("job_not_found", "no such job") : job.body());
        return;
      }
      if (!exchange.getRequestMethod().equals("POST") || !path.equals("/jobs")) {
        reply(exchange, 405, error("method_not_allowed", "POST /jobs or GET /jobs/{id}"));
        return;
      }
      createJob(exchange);
    } catch (RuntimeException e) {
      log.error("simulator failed on a request", e);
    }
  }

  private void createJob(HttpExchange exchange) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = JSON.readTree(in.readAllBytes());
    } catch (JacksonException e) {
      reply(exchange, 400, error("request_invalid", "body is not JSON"));
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
    ThreadLocalRandom random = ThreadLocalRandom.current();
    double roll = random.nextDouble();
    if (roll < settings.rateLimitedShare()) {
      rateLimited.incrementAndGet();
      exchange.getResponseHeaders().add("Retry-After", "1");
      reply(exchange, 429, error("rate_limited", "too many requests"));
      return;
    }
    if (roll < settings.rateLimitedShare() + settings.serverErrorShare()) {
      serverErrors.incrementAndGet();
      reply(exchange, random.nextBoolean() ? 500 : 503, error("internal_error", "try again"));
      return;
    }
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key != null) {
      Job earlier = jobsByKey.get(key);
      long dayNanos = (long) (Duration.ofHours(24).toNanos() / settings.timeScale());
      if (earlier != null && System.nanoTime() - earlier.createdAt() < dayNanos) {
        replays.incrementAndGet();
        reply(exchange, 200, earlier.body());
        return;
      }
    }
    if (rejects(input)) {
      rejected.incrementAndGet();
      reply(exchange, 400, error("invalid_input", "the input could not be read as media"));
      return;
    }
    Job job = newJob(request, input, key);
    if (key != null) {
      Job raced = jobsByKey.putIfAbsent(key, job);
      if (raced != null) {
        replays.incrementAndGet();
        reply(exchange, 200, raced.body());
        return;
      }
      createdPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
    jobsById.put(job.id(), job);
    reply(exchange, 201, job.body());
    timers.schedule(
        () -> finish(job, input, request.path("webhook_url").asString(null)),
        settings.processing().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private Job newJob(JsonNode request, String input, String key) {
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
    return new Job(id, key, body, System.nanoTime());
  }

  private void finish(Job job, String input, String webhookUrl) {
    ObjectNode body = job.body();
    long now = System.currentTimeMillis();
    body.put("started_at", body.get("created_at").asLong() + 10);
    body.put("finished_at", now);
    body.put("updated_at", now);
    boolean failed = fails(input);
    body.put("status", failed ? "failed" : "succeeded");
    if (failed) {
      ObjectNode error = JSON.createObjectNode();
      error.put("kind", "processing_failed");
      error.put("message", "the file could not be decoded");
      body.set("error", error);
    } else {
      body.set("output", output(job, input));
    }
    if (webhookUrl == null) {
      return;
    }
    ObjectNode event = JSON.createObjectNode();
    event.put("id", "evt_" + eventIds.incrementAndGet());
    event.put("object", "event");
    event.put("kind", failed ? "task.failed" : "task.succeeded");
    event.put("created_at", now);
    ObjectNode task = body.deepCopy();
    task.put("id", "task_" + job.id().substring(4));
    task.put("object", "task");
    task.put("job_id", job.id());
    event.set("data", task);
    deliver(webhookUrl, JSON.writeValueAsString(event), 1);
    if (ThreadLocalRandom.current().nextDouble() < settings.duplicateWebhookShare()) {
      // The same event again, as a real sender does after a lost acknowledgement.
      timers.schedule(
          () -> deliver(webhookUrl, JSON.writeValueAsString(event), 1), 50, TimeUnit.MILLISECONDS);
    }
  }

  private ObjectNode output(Job job, String input) {
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
      output.put("duration", 5 + Math.round(share("duration", input) * 1150) / 10.0);
    }
    output.put("kind", kind);
    return output;
  }

  private static String defaultFormat(String kind) {
    return switch (kind) {
      case "audio" -> "mp3";
      case "image" -> "webp";
      case "animation" -> "gif";
      case "adaptive_video" -> "hls";
      default -> "mp4";
    };
  }

  private void deliver(String url, String body, int attempt) {
    deliveries.incrementAndGet();
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header(TIMESTAMP_HEADER, timestamp)
            .header(SIGNATURE_HEADER, "sha256=" + sign(timestamp + "." + body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    webhooks
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (response != null && response.statusCode() / 100 == 2) {
                return;
              }
              if (attempt >= 12) {
                log.error("webhook to {} given up after {} attempts", url, attempt);
                return;
              }
              redeliveries.incrementAndGet();
              long wait = (long) (Math.min(1000L << (attempt - 1), 60_000) / settings.timeScale());
              timers.schedule(() -> deliver(url, body, attempt + 1), wait, TimeUnit.MILLISECONDS);
            });
  }

  private String sign(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              settings.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A number in [0, 1) fixed by the salt and the input URL without its query. */
  private static double share(String salt, String input) {
    int query = input.indexOf('?');
    String stable = query < 0 ? input : input.substring(0, query);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((salt + ":" + stable).getBytes(StandardCharsets.UTF_8));
      long bits = 0;
      for (int i = 0; i < 7; i++) {
        bits = (bits << 8) | (hash[i] & 0xff);
      }
      return bits / (double) (1L << 56);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode error(String kind, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("kind", kind);
    error.put("message", message);
    return error;
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
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
