package dev.ittybatch.local.run;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.QueueName;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.local.cloudtasks.CloudTasksEmulator;
import dev.ittybatch.local.cloudtasks.Timeline;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.status.StatusServer;
import dev.ittybatch.taskhandler.TaskHandlerApplication;
import dev.ittybatch.webhook.WebhookHandlerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

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
   * How often the run asks the webhook-handler for progress. Each ask brings the local latest table
   * up to date (tens of CPU-ms with a few hundred new rows), so once a second, not more.
   */
  public static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  /**
   * The queue gets this many attempts more than the task-handler's MAX_ATTEMPTS, as deploy.sh gives
   * it ({@code ATTEMPTS_MARGIN}): an attempt answered at the front door never reaches the handler,
   * and must not be the one that ends the task.
   */
  public static final int ATTEMPTS_MARGIN = 2;

  /** The bucket a media folder is served as. */
  public static final String MEDIA_BUCKET = "local-media";

  private final PipelineSettings settings;
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
  private final RequestCpu requestCpu = new RequestCpu();
  private final Path signingKey;
  private final ServiceLauncher launcher;
  private final CloudTasksClient handlerTasks;
  private final LocalOrchestrator orchestrator;
  private Map<String, String> handlerOverrides = Map.of();
  private StorageStandIn storage;
  private StatusServer status;

  public LocalPipeline(PipelineSettings settings) throws IOException {
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
      ittybit = LocalStandIns.ittybit(settings, apiKey, webhookSecret, stamp);
      started.add(ittybit);
      if (settings.mediaDir() != null) {
        storage = LocalStandIns.storage(settings.mediaDir(), signingKey);
        started.add(storage);
      }

      webhookHandler =
          launcher.start(
              WebhookHandlerApplication.class,
              WebhookHandlerApplication.CONFIG,
              Map.ofEntries(
                  Map.entry("RESULTS_STORE", "duckdb"),
                  Map.entry("DUCKDB_PATH", database.toString()),
                  Map.entry("RESULTS_INTERNAL_TOKEN", internalToken),
                  Map.entry("WEBHOOK_SECRET", webhookSecret),
                  Map.entry("WEBHOOK_TIMESTAMP_HEADER", "Ittybit-Timestamp"),
                  Map.entry("ITTYBIT_API_KEY", apiKey),
                  Map.entry("ITTYBIT_BASE_URL", ittybit.baseUrl())),
              Map.of("localRequestCpu", requestCpu.filter("webhook-handler")),
              0);
      started.add(webhookHandler);
      webhookBase = "http://127.0.0.1:" + ServiceLauncher.port(webhookHandler);

      // The task handler's breaker pauses the queue through the real client, in process.
      handlerTasks = cloudTasks.inProcessClient();
      started.add(handlerTasks);
      taskHandler = startTaskHandler(0);
      handlerUrl = "http://127.0.0.1:" + ServiceLauncher.port(taskHandler) + "/";
      orchestrator =
          new LocalOrchestrator(
              launcher,
              cloudTasks,
              Map.ofEntries(
                  Map.entry("HANDLER_URL", handlerUrl),
                  Map.entry("RESULTS_URL", webhookBase),
                  Map.entry("RESULTS_INTERNAL_TOKEN", internalToken),
                  Map.entry("ITTYBIT_API_KEY", apiKey),
                  Map.entry("ITTYBIT_BASE_URL", ittybit.baseUrl()),
                  Map.entry("WEBHOOK_URL", webhookBase + "/webhook"),
                  // The signed URLs the preflight gets can be opened from here only with the
                  // Cloud Storage stand-in: no local run reaches Cloud Storage itself.
                  Map.entry("PREFLIGHT_OPEN_INPUT", String.valueOf(storage != null))));
      results = new ResultsReader(webhookBase, internalToken);
      status =
          new StatusServer(
              BatchStore.overHttp(webhookBase, internalToken, JsonMapper.builder().build()),
              JsonMapper.builder().build(),
              settings.statusPort());
      started.add(status);
      LocalQueue.create(cloudTasks, QUEUE_PATH, settings);
      if (!settings.dialect().callsJobWebhookUrl()) {
        registerWebhook();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts the task-handler as Cloud Run would start an instance of it.
   *
   * @param port 0 for any free port, or the port it had before a restart (the tasks' URL names it)
   */
  private ConfigurableApplicationContext startTaskHandler(int port) {
    Map<String, String> environment =
        new HashMap<>(
            Map.ofEntries(
                Map.entry("ITTYBIT_API_KEY", apiKey),
                Map.entry("ITTYBIT_BASE_URL", ittybit.baseUrl()),
                Map.entry("ITTYBIT_READ_TIMEOUT", ITTYBIT_READ_TIMEOUT.toMillis() + "ms"),
                Map.entry("WEBHOOK_URL", webhookBase + "/webhook"),
                Map.entry(
                    "JOB_WEBHOOK_URL", String.valueOf(settings.dialect().callsJobWebhookUrl())),
                Map.entry("MAX_ATTEMPTS", String.valueOf(settings.maxAttempts())),
                // Where the queue is, for the breaker to pause it.
                Map.entry("GCP_PROJECT", PROJECT),
                Map.entry("GCP_LOCATION", LOCATION),
                Map.entry("QUEUE", QUEUE),
                Map.entry("LOCAL_SIGNING", "true"),
                Map.entry("LOCAL_SIGNING_KEY", signingKey.toString()),
                Map.entry("CHECK_OBJECT_EXISTS", "false"),
                // A local store's settings, as a task handler run on its own would be given; the
                // store itself is handed over below, so no row goes over HTTP.
                Map.entry("RESULTS_STORE", "http"),
                Map.entry("RESULTS_URL", webhookBase),
                Map.entry("RESULTS_INTERNAL_TOKEN", internalToken)));
    if (storage != null) {
      // Signed URLs point at the stand-in, which checks them; objects are looked up there first.
      environment.put("STORAGE_EMULATOR_HOST", storage.baseUrl());
      environment.put("SIGNED_URL_HOST", storage.baseUrl());
      environment.put("CHECK_OBJECT_EXISTS", "true");
    }
    // The task handler records its rows straight into the webhook-handler's store, the one object
    // that owns the DuckDB file, as the webhook-handler's own /internal/results endpoint would:
    // in one JVM the HTTP request around each row cost both services about a millisecond an entry.
    // The lambda keeps the task handler from closing the store when it restarts.
    ResultsStore webhookHandlerStore = webhookHandler.getBean(ResultsStore.class);
    ResultsStore rows = webhookHandlerStore::record;
    EventLog webhookHandlerEvents = webhookHandler.getBean(EventLog.class);
    EventLog events = webhookHandlerEvents::append;
    environment.putAll(handlerOverrides);
    ConfigurableApplicationContext context =
        launcher.start(
            TaskHandlerApplication.class,
            TaskHandlerApplication.CONFIG,
            environment,
            Map.of(
                "localArrivals",
                arrivals,
                "localRequestCpu",
                requestCpu.filter("task-handler"),
                "localResultsStore",
                rows,
                "localEventLog",
                events,
                "cloudTasksClient",
                handlerTasks),
            port);
    started.add(context);
    return context;
  }

  /**
   * Replaces the task-handler mid-run on the same port, as Cloud Run replaces an instance: requests
   * in flight are cut, dispatches meanwhile find nobody, and the queue retries them.
   */
  public void restartTaskHandler() {
    restartTaskHandler(handlerOverrides);
  }

  /**
   * Replaces the task-handler with one whose environment differs by these variables (a test
   * breaking its setup on purpose), and keeps them for later restarts.
   */
  public void restartTaskHandler(Map<String, String> overrides) {
    handlerOverrides = Map.copyOf(overrides);
    int port = ServiceLauncher.port(taskHandler);
    started.remove(taskHandler);
    taskHandler.close();
    taskHandler = startTaskHandler(port);
  }

  /**
   * Runs the orchestrator against the emulator, as {@code gcloud run jobs execute} would. Its Cloud
   * Tasks client is the real one on the emulator's in-process channel (see {@link
   * CloudTasksEmulator#inProcessClient}): in production the job has cores of its own.
   */
  public int enqueue(String... args) {
    return orchestrate(Map.of(), args);
  }

  /**
   * Runs the orchestrator with these variables added to (or replacing) the deployment's: a test
   * giving it a wrong key, another webhook URL.
   */
  public int orchestrate(Map<String, String> overrides, String... args) {
    return orchestrator.run(overrides, args);
  }

  /**
   * Registers the webhook-handler's endpoint with the simulator through the orchestrator's {@code
   * --register-webhook}, as {@code deploy.sh setup} does in production.
   */
  private void registerWebhook() {
    int registered = enqueue("--register-webhook=" + webhookBase + "/webhook");
    if (registered != 0) {
      throw new IllegalStateException("registering the webhook endpoint exited " + registered);
    }
  }

  /**
   * Sets the queue going again after a stop and records it, as {@code deploy.sh resume} does.
   *
   * @param batchId the batch the resume is for, or null for the whole queue
   */
  public void resume(String batchId) {
    handlerTasks.resumeQueue(QUEUE_PATH);
    webhookHandler
        .getBean(EventLog.class)
        .append(
            BatchEvent.of(
                BatchEvent.Kind.RESUMED,
                batchId,
                "queue " + QUEUE + " resumed",
                QUEUE_PATH,
                "run-local",
                Instant.now(),
                Instant.now().toString()));
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

  /** The CPU time of each service's requests by route, for {@code bench/pipeline.sh}. */
  public RequestCpu requestCpu() {
    return requestCpu;
  }

  /**
   * The name prefix of each service's request threads (Tomcat names them by connector, not by
   * service), for telling apart where the CPU goes: {@code bench/pipeline.sh}.
   */
  public Map<String, String> requestThreadPrefixes() {
    return Map.of(
        connectorName(webhookHandler) + "-", "webhook-handler",
        connectorName(taskHandler) + "-", "task-handler");
  }

  /** How many requests each service serves at once (its Tomcat's request threads). */
  public Map<String, Integer> requestThreads() {
    return Map.of(
        "webhook-handler", protocol(webhookHandler).getMaxThreads(),
        "task-handler", protocol(taskHandler).getMaxThreads());
  }

  private static AbstractProtocol<?> protocol(ConfigurableApplicationContext service) {
    TomcatWebServer server =
        (TomcatWebServer) ((WebServerApplicationContext) service).getWebServer();
    return (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
  }

  private static String connectorName(ConfigurableApplicationContext service) {
    // The name comes quoted, as a JMX name, and on a free port with the port chosen after the
    // threads were named: "http-nio-127.0.0.1-auto-1-40123" for threads "...-auto-1-exec-7".
    String name = protocol(service).getName();
    return name.replace("\"", "").replaceFirst("(-auto-\\d+)-\\d+$", "$1");
  }

  /** The status page's server: {@code status().url(batch)} is a batch's page. */
  public StatusServer status() {
    return status;
  }

  /** The Cloud Storage stand-in, or null when no media folder was given. */
  public StorageStandIn storage() {
    return storage;
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
