package dev.ittybatch.local.run;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.QueueName;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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
  public static final String QUEUE_PATH = QueueName.of(PROJECT, LOCATION, QUEUE).toString();

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
   * @param taskNameTombstone how long a finished task's name stays taken (Cloud Tasks: about an
   *     hour), before the time scale
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
      Duration taskNameTombstone,
      Faults faults) {}

  private final Settings settings;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final String internalToken = LocalSecrets.secret();
  private final CloudTasksEmulator cloudTasks;
  private final IttybitSimulator ittybit;
  private final ConfigurableApplicationContext webhookHandler;
  private ConfigurableApplicationContext taskHandler;
  private final Path database;
  private final Path logFile;
  private final ResultsReader results;
  private final String handlerUrl;
  private final String webhookBase;
  private final String apiKey;
  private final Arrivals arrivals = new Arrivals();
  private final Path signingKey;
  private final ServiceLauncher launcher;

  public LocalPipeline(Settings settings) throws IOException {
    this.settings = settings;
    Files.createDirectories(settings.dataDir());
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.database = settings.dataDir().resolve("results-" + stamp + ".duckdb").toAbsolutePath();
    this.logFile = settings.dataDir().resolve("run-" + stamp + ".log").toAbsolutePath();
    this.launcher = new ServiceLauncher(logFile);
    this.apiKey = "itty_local_" + LocalSecrets.secret();
    // One signing key for the run, so a restarted task-handler signs the same URLs.
    this.signingKey =
        LocalSecrets.writeSigningKey(settings.dataDir().resolve("signing-key-" + stamp + ".pem"));
    String webhookSecret = LocalSecrets.secret();
    try {
      cloudTasks =
          new CloudTasksEmulator(
              settings.timeScale(), settings.taskNameTombstone(), settings.frontDoorFailures());
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
          start(
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
      webhookBase = "http://127.0.0.1:" + ServiceLauncher.port(webhookHandler);

      taskHandler = startTaskHandler(0);
      handlerUrl = "http://127.0.0.1:" + ServiceLauncher.port(taskHandler) + "/";
      results = new ResultsReader(webhookBase, internalToken);
      createQueue();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private ConfigurableApplicationContext start(
      Class<?> application, String config, Map<String, String> environment, Filter filter) {
    ConfigurableApplicationContext context =
        launcher.start(application, config, environment, filter, 0);
    started.add(context);
    return context;
  }

  /**
   * Starts the task-handler as Cloud Run would start an instance of it.
   *
   * @param port 0 for any free port, or the port it had before a restart (the tasks' URL names it)
   */
  private ConfigurableApplicationContext startTaskHandler(int port) {
    Map<String, String> environment =
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
            Map.entry("RESULTS_INTERNAL_TOKEN", internalToken));
    ConfigurableApplicationContext context =
        launcher.start(
            TaskHandlerApplication.class,
            TaskHandlerApplication.CONFIG,
            environment,
            arrivals,
            port);
    started.add(context);
    return context;
  }

  /**
   * Stops the task-handler mid-run and starts a new one on the same port, as when Cloud Run
   * replaces an instance: requests in flight are cut, dispatches meanwhile find nobody, and the
   * queue retries them. The new instance signs with the same key, so its URLs are the same bytes.
   */
  public void restartTaskHandler() {
    int port = ServiceLauncher.port(taskHandler);
    started.remove(taskHandler);
    taskHandler.close();
    taskHandler = startTaskHandler(port);
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
    Map<String, Object> environment = new HashMap<>(launcher.logging());
    environment.put("GCP_PROJECT", PROJECT);
    environment.put("GCP_LOCATION", LOCATION);
    environment.put("QUEUE", QUEUE);
    environment.put("HANDLER_URL", handlerUrl);
    environment.put("CLOUD_TASKS_EMULATOR_HOST", cloudTasks.target());
    // The ledger, the batch's state and reconciliation's rows: through the webhook-handler,
    // which owns the DuckDB file; reconciliation fetches jobs from the simulator.
    environment.put("RESULTS_STORE", "http");
    environment.put("RESULTS_URL", webhookBase);
    environment.put("RESULTS_INTERNAL_TOKEN", internalToken);
    environment.put("ITTYBIT_API_KEY", apiKey);
    environment.put("ITTYBIT_BASE_URL", ittybit.baseUrl());
    ConfigurableApplicationContext run =
        new SpringApplicationBuilder(OrchestratorApplication.class)
            .properties(OrchestratorApplication.CONFIG)
            .properties(environment)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .run(args);
    return SpringApplication.exit(run);
  }

  /** The webhook-handler's read side: progress and reports, as the run's lines show them. */
  public ResultsReader results() {
    return results;
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
