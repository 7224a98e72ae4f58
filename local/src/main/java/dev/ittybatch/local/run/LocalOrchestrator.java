package dev.ittybatch.local.run;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.local.cloudtasks.CloudTasksEmulator;
import dev.ittybatch.orchestrator.OrchestratorApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The orchestrator as {@code gcloud run jobs execute} would run it, against the pipeline's
 * stand-ins: its Cloud Tasks client the real one on the emulator's in-process channel (see {@link
 * CloudTasksEmulator#inProcessClient}; in production the job has cores of its own), its ledger,
 * batch state and reconciliation rows through the webhook-handler, which owns the DuckDB file.
 */
final class LocalOrchestrator {

  private final ServiceLauncher launcher;
  private final CloudTasksEmulator cloudTasks;
  private final Map<String, String> environment;

  /**
   * @param deployment the variables that name the pipeline's services, secrets included
   */
  LocalOrchestrator(
      ServiceLauncher launcher, CloudTasksEmulator cloudTasks, Map<String, String> deployment) {
    this.launcher = launcher;
    this.cloudTasks = cloudTasks;
    this.environment = new HashMap<>(deployment);
    environment.put("GCP_PROJECT", LocalPipeline.PROJECT);
    environment.put("GCP_LOCATION", LocalPipeline.LOCATION);
    environment.put("QUEUE", LocalPipeline.QUEUE);
    environment.put("CLOUD_TASKS_EMULATOR_HOST", cloudTasks.target());
    environment.put("RESULTS_STORE", "http");
    // A preflight's entry whose webhook is lost is found by fetching its job soon.
    environment.put("PREFLIGHT_WEBHOOK_GRACE", "5s");
  }

  /**
   * @param overrides variables added to (or replacing) the deployment's: a test giving it a wrong
   *     key, another webhook URL
   * @return its exit code
   */
  int run(Map<String, String> overrides, String... args) {
    try (CloudTasksClient tasks = cloudTasks.inProcessClient()) {
      Map<String, String> variables = new HashMap<>(environment);
      variables.putAll(overrides);
      return launcher.runJob(
          OrchestratorApplication.class,
          OrchestratorApplication.CONFIG,
          variables,
          Map.of("cloudTasksClient", tasks),
          args);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a Cloud Tasks client: " + e.getMessage(), e);
    }
  }
}
