package dev.ittybatch.local.run;

import dev.ittybatch.orchestrator.OrchestratorApplication;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The orchestrator, run to its end in this JVM: as {@code gcloud run jobs execute} runs the job
 * (its environment as deployed), or as {@code deploy.sh} runs it on the operator's machine (the
 * preflight, the webhook's registration). Either way its clients are the real ones, pointed at the
 * stand-ins by the emulator variables alone.
 */
final class LocalOrchestrator {

  /** How long a preflight waits for a webhook: the simulator's answer comes within the second. */
  static final Duration PREFLIGHT_WEBHOOK_GRACE = Duration.ofSeconds(5);

  private final ServiceLauncher launcher;
  private final LocalDeployment deployment;

  LocalOrchestrator(ServiceLauncher launcher, LocalDeployment deployment) {
    this.launcher = launcher;
    this.deployment = deployment;
  }

  /** An execution of the job; its exit code. */
  int job(Map<String, String> overrides, String... args) {
    return run(deployment.job(), overrides, args);
  }

  /** A run on the operator's machine; its exit code. */
  int operator(Map<String, String> overrides, String... args) {
    return run(deployment.operator(PREFLIGHT_WEBHOOK_GRACE), overrides, args);
  }

  private int run(Map<String, String> environment, Map<String, String> overrides, String... args) {
    Map<String, String> variables = new HashMap<>(environment);
    variables.putAll(overrides);
    return launcher.runJob(
        OrchestratorApplication.class, OrchestratorApplication.CONFIG, variables, args);
  }
}
