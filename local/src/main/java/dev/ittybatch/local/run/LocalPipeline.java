package dev.ittybatch.local.run;

import com.google.cloud.tasks.v2.QueueName;
import dev.ittybatch.local.cloudtasks.CloudTasksEmulator;
import dev.ittybatch.local.cloudtasks.Timeline;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.orchestrator.status.StatusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline on loopback, in the production configuration: Google's APIs played by the
 * stand-ins ({@link LocalCloud}), Ittybit by the simulator, set up as {@code deploy.sh setup} sets
 * up a project, and the three real services and the orchestrator started with the environment the
 * deploy gives them ({@link LocalDeployment}). Used by {@code run-local} and the end-to-end tests.
 */
public final class LocalPipeline implements AutoCloseable {

  public static final String PROJECT = "local";
  public static final String LOCATION = "local";
  public static final String QUEUE = "ittybit-batch";
  public static final String QUEUE_PATH = QueueName.of(PROJECT, LOCATION, QUEUE).toString();

  /** The bucket manifests are uploaded to, and the ledger's files and rejects reports go to. */
  public static final String MANIFEST_BUCKET = "local-manifests";

  /**
   * How long the task handler waits for Ittybit's answer here: short, so that an answer the
   * simulator loses by delaying it costs a test seconds, not the production default of 30.
   */
  public static final Duration ITTYBIT_READ_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How often the run asks for progress: a query job that brings the BigQuery stand-in's latest
   * table up to date first (tens of CPU-ms with a few hundred new rows), so once a second.
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

  private final Started started = new Started();
  private final LocalCloud cloud;
  private final IttybitSimulator ittybit;
  private final LocalServices services;
  private final Path database;
  private final Path logFile;
  private final ResultsReader results;
  private final LocalOrchestrator orchestrator;
  private StatusServer status;

  public LocalPipeline(PipelineSettings settings) throws IOException {
    Files.createDirectories(settings.dataDir());
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.database = settings.dataDir().resolve("results-" + stamp + ".duckdb").toAbsolutePath();
    this.logFile = settings.dataDir().resolve("run-" + stamp + ".log").toAbsolutePath();
    ServiceLauncher launcher = new ServiceLauncher(logFile);
    String apiKey = "itty_local_" + LocalSecrets.secret();
    try {
      cloud = new LocalCloud(settings, database);
      started.add(cloud);
      ittybit = LocalStandIns.ittybit(settings, apiKey, LocalSecrets.secret(), stamp);
      started.add(ittybit);
      LocalSetup.run(cloud, settings);
      LocalDeployment deployment =
          new LocalDeployment(cloud, settings, LocalSecrets.make(apiKey), ittybit.baseUrl());
      services = new LocalServices(launcher, deployment, settings);
      started.add(services);
      orchestrator = new LocalOrchestrator(launcher, deployment);
      results = ResultsReader.on(cloud);
      status =
          new StatusServer(results.queries(), JsonMapper.builder().build(), settings.statusPort());
      started.add(status);
      if (!settings.dialect().callsJobWebhookUrl()) {
        registerWebhook(deployment.setting("WEBHOOK_URL"));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while setting up", e);
    }
  }

  /**
   * Puts a manifest where a batch in production finds it: its inputs in their buckets, itself in
   * the manifest bucket.
   *
   * @return its {@code gs://} location, for {@code --manifest}
   */
  public String stage(Path manifest) throws IOException {
    return ManifestStaging.stage(cloud, manifest);
  }

  /**
   * Replaces the task-handler mid-run on the same port, as Cloud Run replaces an instance: requests
   * in flight are cut, dispatches meanwhile find nobody, and the queue retries them.
   */
  public void restartTaskHandler() {
    services.restartTaskHandler();
  }

  /**
   * Replaces the task-handler with one whose environment differs by these variables (a test
   * breaking its setup on purpose), and keeps them for later restarts.
   */
  public void restartTaskHandler(Map<String, String> overrides) {
    services.restartTaskHandler(overrides);
  }

  /** Runs the orchestrator job, as {@code gcloud run jobs execute} would; its exit code. */
  public int enqueue(String... args) {
    return orchestrator.job(Map.of(), args);
  }

  /**
   * Runs the orchestrator job with these variables added to (or replacing) its environment, as a
   * schedule's pass or {@code deploy.sh pause} runs it: where its notices go.
   */
  public int job(Map<String, String> overrides, String... args) {
    return orchestrator.job(overrides, args);
  }

  /**
   * Runs the orchestrator as {@code deploy.sh} runs it on the operator's machine (the preflight),
   * with these variables added to (or replacing) that environment: a test giving it a wrong key,
   * another webhook URL.
   */
  public int orchestrate(Map<String, String> overrides, String... args) {
    return orchestrator.operator(overrides, args);
  }

  /**
   * Registers the webhook-handler's endpoint with the simulator through the orchestrator's {@code
   * --register-webhook}, as {@code deploy.sh setup} does in production.
   */
  private void registerWebhook(String url) {
    int registered = orchestrator.operator(Map.of(), "--register-webhook=" + url);
    if (registered != 0) {
      throw new IllegalStateException("registering the webhook endpoint exited " + registered);
    }
  }

  /**
   * Sets the queue going again after a stop and records it in batch_events, as {@code deploy.sh
   * resume} does with the operator's credentials.
   *
   * @param batchId the batch the resume is for, or null for the whole queue
   */
  public void resume(String batchId) {
    LocalResume.run(cloud, batchId);
  }

  /** The batch's numbers, read by query jobs as {@code deploy.sh status} reads them. */
  public ResultsReader results() {
    return results;
  }

  public CloudTasksEmulator cloudTasks() {
    return cloud.cloudTasks;
  }

  /** Every call to the Google stand-ins, with the account that made it. */
  public CallLog calls() {
    return cloud.calls;
  }

  /** Task requests as the task handler saw them arrive: a count independent of the emulator's. */
  public Timeline taskArrivals() {
    return services.arrivals().timeline();
  }

  /** The CPU time of each service's requests by route, for {@code bench/pipeline.sh}. */
  public RequestCpu requestCpu() {
    return services.requestCpu();
  }

  /**
   * The name prefix of each service's request threads (Tomcat names them by connector, not by
   * service), for telling apart where the CPU goes: {@code bench/pipeline.sh}.
   */
  public Map<String, String> requestThreadPrefixes() {
    return services.requestThreadPrefixes();
  }

  /** How many requests each service serves at once (its Tomcat's request threads). */
  public Map<String, Integer> requestThreads() {
    return services.requestThreads();
  }

  /** The status page's server: {@code status().url(batch)} is a batch's page. */
  public StatusServer status() {
    return status;
  }

  /** The Cloud Storage stand-in: media, manifests, ledger files, rejects reports. */
  public StorageStandIn storage() {
    return cloud.storage;
  }

  public IttybitSimulator ittybit() {
    return ittybit;
  }

  /** The BigQuery stand-in's DuckDB file, for the DuckDB CLI once the run has stopped. */
  public Path database() {
    return database;
  }

  public Path logFile() {
    return logFile;
  }

  /** Stops everything, last started first. */
  @Override
  public void close() {
    started.close();
  }
}
