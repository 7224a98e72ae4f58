package dev.ittybatch.local.run;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import dev.ittybatch.local.cloudtasks.CloudTasksEmulator;
import dev.ittybatch.local.cloudtasks.Timeline;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.orchestrator.OrchestratorApplication;
import dev.ittybatch.taskhandler.TaskHandlerApplication;
import dev.ittybatch.webhook.WebhookHandlerApplication;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The whole pipeline on loopback: the Cloud Tasks emulator and the Ittybit simulator where the
 * cloud would be, and the three real services, configured as a deployment would configure them
 * (task-handler behind the queue, webhook-handler as the webhook target and the owner of the DuckDB
 * file). Used by {@code run-local} and by the end-to-end test.
 */
public final class LocalPipeline implements AutoCloseable {

  public static final String PROJECT = "local";
  public static final String LOCATION = "local";
  public static final String QUEUE = "ittybit-batch";
  public static final String QUEUE_PATH =
      "projects/" + PROJECT + "/locations/" + LOCATION + "/queues/" + QUEUE;

  /**
   * How long the task handler waits for Ittybit's answer here: short, so that an answer the
   * simulator loses by delaying it costs a test seconds, not the production default of 30.
   */
  public static final Duration ITTYBIT_READ_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The queue gets this many attempts more than the task-handler's MAX_ATTEMPTS, as deploy.sh gives
   * it ({@code ATTEMPTS_MARGIN}): an attempt answered at the front door never reaches the handler,
   * and must not be the one that ends the task.
   */
  public static final int ATTEMPTS_MARGIN = 2;

  /**
   * @param rate the queue's max dispatches per second
   * @param maxAttempts the task-handler's MAX_ATTEMPTS; the queue has {@link #ATTEMPTS_MARGIN} more
   * @param timeScale waits (backoff, Retry-After, redelivery, the idempotency window, name
   *     tombstones) are divided by this
   * @param frontDoorFailures share of attempts the platform answers without reaching the handler
   */
  public record Settings(
      Path dataDir,
      int rate,
      int maxConcurrentDispatches,
      int maxAttempts,
      Duration minBackoff,
      Duration maxBackoff,
      double timeScale,
      Duration processing,
      double frontDoorFailures,
      Faults faults) {}

  private final Settings settings;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final String internalToken = secret();
  private final CloudTasksEmulator cloudTasks;
  private final IttybitSimulator ittybit;
  private final ConfigurableApplicationContext webhookHandler;
  private final ConfigurableApplicationContext taskHandler;
  private final Path database;
  private final Path logFile;
  private final RestClient results;
  private final String handlerUrl;
  private final Arrivals arrivals = new Arrivals();
  private final Path signingKey;

  public LocalPipeline(Settings settings) throws IOException {
    this.settings = settings;
    Files.createDirectories(settings.dataDir());
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.database = settings.dataDir().resolve("results-" + stamp + ".duckdb").toAbsolutePath();
    this.logFile = settings.dataDir().resolve("run-" + stamp + ".log").toAbsolutePath();
    String apiKey = "itty_local_" + secret();
    // One signing key for the run, so a restarted task-handler signs the same URLs.
    this.signingKey = writeSigningKey(settings.dataDir().resolve("signing-key-" + stamp + ".pem"));
    String webhookSecret = secret();
    try {
      cloudTasks =
          new CloudTasksEmulator(
              settings.timeScale(), Duration.ofHours(1), settings.frontDoorFailures());
      started.add(cloudTasks);
      ittybit =
          new IttybitSimulator(
              new IttybitSimulator.Settings(
                  apiKey,
                  webhookSecret,
                  settings.processing(),
                  settings.timeScale(),
                  settings.faults()));
      started.add(ittybit);

      webhookHandler =
          service(
              WebhookHandlerApplication.class,
              WebhookHandlerApplication.CONFIG,
              Map.of(
                  "RESULTS_STORE",
                  "duckdb",
                  "DUCKDB_PATH",
                  database.toString(),
                  "RESULTS_INTERNAL_TOKEN",
                  internalToken,
                  "WEBHOOK_SECRET",
                  webhookSecret,
                  "WEBHOOK_TIMESTAMP_HEADER",
                  "Ittybit-Timestamp",
                  "ITTYBIT_API_KEY",
                  apiKey,
                  "ITTYBIT_BASE_URL",
                  ittybit.baseUrl()),
              null);
      String webhookBase = "http://127.0.0.1:" + port(webhookHandler);

      taskHandler =
          service(
              TaskHandlerApplication.class,
              TaskHandlerApplication.CONFIG,
              Map.ofEntries(
                  Map.entry("ITTYBIT_API_KEY", apiKey),
                  Map.entry("ITTYBIT_BASE_URL", ittybit.baseUrl()),
                  Map.entry("ITTYBIT_READ_TIMEOUT", ITTYBIT_READ_TIMEOUT.toMillis() + "ms"),
                  Map.entry("WEBHOOK_URL", webhookBase + "/webhook"),
                  Map.entry("MAX_ATTEMPTS", String.valueOf(settings.maxAttempts())),
                  Map.entry("LOCAL_SIGNING", "true"),
                  Map.entry("LOCAL_SIGNING_KEY", signingKey.toString()),
                  Map.entry("CHECK_OBJECT_EXISTS", "false"),
                  Map.entry("RESULTS_STORE", "http"),
                  Map.entry("RESULTS_URL", webhookBase),
                  Map.entry("RESULTS_INTERNAL_TOKEN", internalToken)),
              arrivals);
      handlerUrl = "http://127.0.0.1:" + port(taskHandler) + "/";
      results =
          RestClient.builder()
              // Not the pooled Apache client: its default strategy re-sends on 503 + Retry-After.
              .requestFactory(new JdkClientHttpRequestFactory())
              .baseUrl(webhookBase)
              .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken)
              .build();
      createQueue();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * @param filter a servlet filter to install in front of the service, or null
   */
  private ConfigurableApplicationContext service(
      Class<?> application, String config, Map<String, String> environment, Filter filter) {
    Map<String, Object> properties = new HashMap<>(environment);
    properties.put("PORT", "0");
    properties.put("server.address", "127.0.0.1");
    properties.putAll(logging());
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(application)
            .properties(config)
            .properties(properties)
            .logStartupInfo(false);
    if (filter != null) {
      builder.initializers(
          context -> context.getBeanFactory().registerSingleton("localArrivals", filter));
    }
    ConfigurableApplicationContext context = builder.run();
    started.add(context);
    return context;
  }

  /** Everything goes to the run's log file; the console shows only errors and run-local's lines. */
  private Map<String, Object> logging() {
    return Map.of(
        "LOG_FORMAT", "",
        "spring.main.banner-mode", "off",
        "logging.file.name", logFile.toString(),
        "logging.threshold.console", "ERROR",
        "logging.level.root", "INFO");
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** Creates the queue through the real client, as deploy/ does with gcloud. */
  private void createQueue() throws IOException {
    try (CloudTasksClient client = cloudTasks.client()) {
      Queue queue =
          Queue.newBuilder()
              .setName(QUEUE_PATH)
              .setRateLimits(
                  RateLimits.newBuilder()
                      .setMaxDispatchesPerSecond(settings.rate())
                      .setMaxConcurrentDispatches(settings.maxConcurrentDispatches()))
              .setRetryConfig(
                  RetryConfig.newBuilder()
                      .setMaxAttempts(settings.maxAttempts() + ATTEMPTS_MARGIN)
                      .setMinBackoff(Durations.fromMillis(settings.minBackoff().toMillis()))
                      .setMaxBackoff(Durations.fromMillis(settings.maxBackoff().toMillis()))
                      .setMaxDoublings(4))
              .build();
      client.updateQueue(
          queue, FieldMask.newBuilder().addPaths("rate_limits").addPaths("retry_config").build());
    }
  }

  /** Runs the orchestrator against the emulator, as {@code gcloud run jobs execute} would. */
  public int enqueue(String... args) {
    Map<String, Object> environment = new HashMap<>(logging());
    environment.put("GCP_PROJECT", PROJECT);
    environment.put("GCP_LOCATION", LOCATION);
    environment.put("QUEUE", QUEUE);
    environment.put("HANDLER_URL", handlerUrl);
    environment.put("CLOUD_TASKS_EMULATOR_HOST", cloudTasks.target());
    ConfigurableApplicationContext run =
        new SpringApplicationBuilder(OrchestratorApplication.class)
            .properties(OrchestratorApplication.CONFIG)
            .properties(environment)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .run(args);
    return SpringApplication.exit(run);
  }

  /** The webhook-handler's {@code /progress} for a batch. */
  public Map<String, Object> progress(String batchId) {
    return results
        .get()
        .uri("/progress?batch_id={batch}", batchId)
        .retrieve()
        .body(new ParameterizedTypeReference<Map<String, Object>>() {});
  }

  /** Every query of {@code sql/queries} for a batch, run by the webhook-handler on DuckDB. */
  public Map<String, Object> reports(String batchId) {
    return results
        .get()
        .uri("/reports?batch_id={batch}", batchId)
        .retrieve()
        .body(new ParameterizedTypeReference<Map<String, Object>>() {});
  }

  public CloudTasksEmulator cloudTasks() {
    return cloudTasks;
  }

  /** Task requests as the task handler saw them arrive: a count independent of the emulator's. */
  public Timeline taskArrivals() {
    return arrivals.timeline();
  }

  public IttybitSimulator ittybit() {
    return ittybit;
  }

  public Path database() {
    return database;
  }

  public Path logFile() {
    return logFile;
  }

  /** A fresh RSA key as PKCS#8 PEM, readable by this user only; it opens nothing anywhere. */
  private static Path writeSigningKey(Path file) throws IOException {
    KeyPairGenerator generator;
    try {
      generator = KeyPairGenerator.getInstance("RSA");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has RSA", e);
    }
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(file, pem);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Only on file systems without POSIX permissions; the key guards nothing real.
    }
    return file.toAbsolutePath();
  }

  private static String secret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Stops everything, last started first. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e.getMessage());
      }
    }
    started.clear();
  }
}
