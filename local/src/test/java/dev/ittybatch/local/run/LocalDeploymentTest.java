package dev.ittybatch.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each component starts locally with its deploy/env file's variables, the emulator endpoints and
 * the account it names to them, Ittybit's address, and nothing else but the few one-machine
 * settings named here: what the deploy forgets is missing locally too.
 */
class LocalDeploymentTest {

  static final Set<String> EMULATORS =
      Set.of(
          "BIGQUERY_EMULATOR_HOST",
          "STORAGE_EMULATOR_HOST",
          "CLOUD_TASKS_EMULATOR_HOST",
          "IAM_CREDENTIALS_EMULATOR_HOST",
          "EMULATOR_IDENTITY",
          "ITTYBIT_BASE_URL");

  @TempDir static Path dir;
  static LocalCloud cloud;
  static LocalDeployment deployment;

  @BeforeAll
  static void start() throws Exception {
    Path manifest = Files.writeString(dir.resolve("empty.jsonl"), "");
    PipelineSettings settings =
        new RunLocalOptions(new String[] {manifest.toString(), "--data-dir=" + dir.resolve("d")})
            .settings();
    cloud = new LocalCloud(settings, dir.resolve("bq.duckdb"));
    deployment =
        new LocalDeployment(
            cloud, settings, LocalSecrets.make("itty_local_key"), "http://127.0.0.1:1");
    deployment.serving("WEBHOOK_URL", "http://127.0.0.1:2/webhook");
    deployment.serving("HANDLER_URL", "http://127.0.0.1:3/");
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  /** The variable names of deploy/env/COMPONENT.env, secrets included. */
  static Set<String> deployed(String component) throws IOException {
    return Files.readAllLines(Path.of("..", "deploy", "env", component + ".env")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        // The webhook's signing secret is Ittybit's: like a deploy not given one, no run has it.
        .filter(line -> !line.contains("=secret?:"))
        .map(line -> line.substring(0, line.indexOf('=')))
        .collect(Collectors.toSet());
  }

  static Set<String> plus(Set<String> names, String... more) {
    Set<String> all = new HashSet<>(names);
    all.addAll(EMULATORS);
    all.addAll(Set.of(more));
    return all;
  }

  @Test
  void theWebhookHandlerHasItsDeployedEnvironmentAndEndpoints() throws Exception {
    Map<String, String> environment = deployment.webhookHandler();
    assertThat(environment.keySet())
        .containsExactlyInAnyOrderElementsOf(plus(deployed("webhook-handler"), "SERVER_THREADS"));
    assertThat(environment).containsEntry("EMULATOR_IDENTITY", LocalAccounts.WEBHOOK);
  }

  @Test
  void theTaskHandlerHasItsDeployedEnvironmentAndEndpoints() throws Exception {
    Map<String, String> environment = deployment.taskHandler(Map.of());
    assertThat(environment.keySet())
        .containsExactlyInAnyOrderElementsOf(
            plus(deployed("task-handler"), "SERVER_THREADS", "ITTYBIT_READ_TIMEOUT"));
    assertThat(environment)
        .containsEntry("EMULATOR_IDENTITY", LocalAccounts.TASK_HANDLER)
        .containsEntry("SIGNING_SERVICE_ACCOUNT", LocalAccounts.TASK_HANDLER)
        .containsEntry("WEBHOOK_URL", "http://127.0.0.1:2/webhook");
  }

  @Test
  void theJobHasItsDeployedEnvironmentAndTheOperatorHisOwnIdentity() throws Exception {
    assertThat(deployment.job().keySet())
        .containsExactlyInAnyOrderElementsOf(plus(deployed("orchestrator")));
    assertThat(deployment.job())
        .containsEntry("EMULATOR_IDENTITY", LocalAccounts.ORCHESTRATOR)
        .containsEntry("LEDGER_LOCATION", "gs://local-manifests/ittybatch-ledger/")
        .containsEntry("BIGQUERY_LOCATION", LocalCloud.LOCATION)
        .containsEntry("HANDLER_URL", "http://127.0.0.1:3/");
    // deploy.sh runs it on the operator's machine with the token and the webhook's URL besides.
    assertThat(deployment.operator(Duration.ofSeconds(5)).keySet())
        .containsExactlyInAnyOrderElementsOf(
            plus(
                deployed("orchestrator"),
                "WEBHOOK_TOKEN",
                "WEBHOOK_URL",
                "PREFLIGHT_WEBHOOK_GRACE"));
    assertThat(deployment.operator(Duration.ofSeconds(5)))
        .containsEntry("EMULATOR_IDENTITY", LocalAccounts.OPERATOR);
  }

  @Test
  void aSettingTheRunDoesNotHaveStopsItNamingTheSetting() {
    assertThatThrownBy(
            () -> ComponentEnvironment.of("task-handler", Map.of("PROJECT", "p"), Map.of()))
        .hasMessageContaining("task-handler.env:")
        .hasMessageContaining("needs REGION, not set");
  }
}
