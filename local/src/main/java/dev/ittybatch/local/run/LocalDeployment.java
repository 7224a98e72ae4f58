package dev.ittybatch.local.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each component's environment in a local run: the deployment's (its {@code deploy/env} file, with
 * this run's settings and secrets), the emulator endpoints and the account it names to them, and
 * Ittybit's base URL (the simulator's). Beyond that only what one machine shared by every component
 * needs, each said where it is set: fewer request threads, a shorter wait for Ittybit's answer, and
 * the time scale's shorter preflight grace.
 */
final class LocalDeployment {

  /**
   * Request threads of each service here ({@code SERVER_THREADS}; deployed, 400 and 200). One JVM
   * on a few cores runs everything, and a thread for each of the queue's 200 concurrent dispatches
   * and each webhook made hundreds of threads runnable at once, each costing the others switches
   * and caches: five 5,000-entry runs at 200/s dispatched 180-191/s; with 48 threads for the
   * webhook-handler or for both, 187-193/s over eleven. Requests beyond them wait in the connector,
   * as on a busy instance.
   */
  static final int REQUEST_THREADS = 48;

  private final LocalCloud cloud;
  private final Map<String, String> settings = new HashMap<>();
  private final Map<String, String> secrets;
  private final String ittybitBaseUrl;

  /**
   * @param secrets the value of each secret setup made, by secret name
   */
  LocalDeployment(
      LocalCloud cloud, PipelineSettings pipeline, Map<String, String> secrets, String ittybit) {
    this.cloud = cloud;
    this.secrets = Map.copyOf(secrets);
    this.ittybitBaseUrl = ittybit;
    // The env file's settings, as a deployment to the stand-ins' project would have them.
    settings.put("PROJECT", LocalPipeline.PROJECT);
    settings.put("REGION", LocalPipeline.LOCATION);
    settings.put("QUEUE", LocalPipeline.QUEUE);
    settings.put("DATASET", LocalCloud.DATASET);
    settings.put("BQ_LOCATION", LocalCloud.LOCATION);
    settings.put("NOTIFY_STUCK_AFTER", "1h");
    settings.put("MANIFEST_BUCKET", LocalPipeline.MANIFEST_BUCKET);
    // ... and what deploy.sh works out from them.
    settings.put("HANDLER_MAX_ATTEMPTS", String.valueOf(pipeline.maxAttempts()));
    settings.put("LEDGER_LOCATION", "gs://" + LocalPipeline.MANIFEST_BUCKET + "/ittybatch-ledger/");
    settings.put("HANDLER_SA", LocalAccounts.TASK_HANDLER);
    settings.put("INVOKER_SA", LocalAccounts.INVOKER);
  }

  /** A service's URL once it serves, as deploy.sh reads it from Cloud Run after deploying it. */
  void serving(String setting, String url) {
    settings.put(setting, url);
  }

  String setting(String name) {
    return settings.get(name);
  }

  Map<String, String> webhookHandler() {
    Map<String, String> environment = deployed("webhook-handler", LocalAccounts.WEBHOOK);
    environment.put("SERVER_THREADS", String.valueOf(REQUEST_THREADS));
    return environment;
  }

  /**
   * @param overrides a test's changes (an older Ittybit generation's JOB_WEBHOOK_URL, a broken
   *     setting on purpose)
   */
  Map<String, String> taskHandler(Map<String, String> overrides) {
    Map<String, String> environment = deployed("task-handler", LocalAccounts.TASK_HANDLER);
    environment.put("SERVER_THREADS", String.valueOf(REQUEST_THREADS));
    // An answer the simulator loses costs a test seconds, not the production default of 30.
    environment.put("ITTYBIT_READ_TIMEOUT", LocalPipeline.ITTYBIT_READ_TIMEOUT.toMillis() + "ms");
    environment.putAll(overrides);
    return environment;
  }

  /** The orchestrator as a Cloud Run job execution: the job's environment. */
  Map<String, String> job() {
    return deployed("orchestrator", LocalAccounts.ORCHESTRATOR);
  }

  /**
   * The orchestrator as {@code deploy.sh} runs it on the operator's machine (check, setup's webhook
   * registration): the job's variables with the operator's identity, the key and the webhook token
   * in its environment, and the webhook-handler's URL for the preflight.
   */
  Map<String, String> operator(Duration webhookGrace) {
    Map<String, String> environment = deployed("orchestrator", LocalAccounts.OPERATOR);
    environment.put("WEBHOOK_TOKEN", secrets.get(LocalSecrets.WEBHOOK_TOKEN));
    environment.put("WEBHOOK_URL", settings.get("WEBHOOK_URL"));
    environment.put("PREFLIGHT_WEBHOOK_GRACE", webhookGrace.toMillis() + "ms");
    return environment;
  }

  private Map<String, String> deployed(String component, String account) {
    Map<String, String> environment =
        new LinkedHashMap<>(ComponentEnvironment.of(component, settings, secrets));
    environment.putAll(cloud.endpoints(account));
    environment.put("ITTYBIT_BASE_URL", ittybitBaseUrl);
    return environment;
  }
}
