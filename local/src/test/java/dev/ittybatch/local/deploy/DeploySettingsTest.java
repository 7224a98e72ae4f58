package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Settings the recorded commands give each component, checked against what it needs. */
class DeploySettingsTest {

  static final Map<String, String> SETTINGS = DeployScript.settings();

  static Map<String, String> env(Command deploy) {
    return GcloudLists.splitDict(deploy.requiredFlag("--set-env-vars"));
  }

  @Test
  void theJobIsDeployedWithItsLedgerFolderInTheManifestBucketAndTheDatasetLocation() {
    Map<String, String> env =
        env(
            DeployScript.record("setup")
                .command("gcloud", "run", "jobs", "deploy", "orchestrator"));

    // Reconcile passes have no manifest: the ledger folder must come from the deployment.
    assertThat(env)
        .containsEntry(
            "LEDGER_LOCATION", "gs://" + SETTINGS.get("MANIFEST_BUCKET") + "/ittybatch-ledger/")
        .containsEntry("BIGQUERY_LOCATION", SETTINGS.get("BQ_LOCATION"));
  }

  /** NAME -> VALUE of deploy/env/COMPONENT.env, the file deploy.sh and run-local share. */
  static Map<String, String> template(String component) throws IOException {
    Map<String, String> lines = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("..", "deploy", "env", component + ".env"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return lines;
  }

  @Test
  void eachComponentIsDeployedWithExactlyTheVariablesAndSecretsOfItsEnvFile() throws Exception {
    DryRunRecord setup = DeployScript.record("setup");
    Map<String, Command> deploys =
        Map.of(
            "webhook-handler",
            setup.command("gcloud", "run", "deploy", "webhook-handler"),
            "task-handler",
            setup.command("gcloud", "run", "deploy", "task-handler"),
            "orchestrator",
            setup.command("gcloud", "run", "jobs", "deploy", "orchestrator"));
    for (Map.Entry<String, Command> deploy : deploys.entrySet()) {
      Map<String, String> template = template(deploy.getKey());
      Map<String, String> secrets =
          GcloudLists.splitDict(deploy.getValue().requiredFlag("--set-secrets"));
      Map<String, String> variables = env(deploy.getValue());
      for (Map.Entry<String, String> line : template.entrySet()) {
        String value = line.getValue();
        if (value.startsWith("secret:")) {
          assertThat(secrets)
              .as(deploy.getKey())
              .containsEntry(line.getKey(), value.substring("secret:".length()) + ":latest");
        } else if (!value.startsWith("secret?:")) {
          assertThat(variables).as(deploy.getKey()).containsKey(line.getKey());
          assertThat(variables.get(line.getKey())).doesNotContain("${");
        }
      }
      assertThat(template.keySet())
          .as("%s deploys nothing its env file does not say", deploy.getKey())
          .containsAll(variables.keySet())
          .containsAll(secrets.keySet());
    }
  }

  @Test
  void theStatusPageRunsWithTheSameLedgerSettingsAsTheJob() {
    Map<String, String> job =
        env(
            DeployScript.record("setup")
                .command("gcloud", "run", "jobs", "deploy", "orchestrator"));
    List<String> words = DeployScript.record("status-web").command("env").words();

    for (String name : List.of("LEDGER_LOCATION", "BIGQUERY_LOCATION", "BIGQUERY_DATASET")) {
      assertThat(words).contains(name + "=" + job.get(name));
    }
  }

  @Test
  void everyBqCommandRunsInTheDatasetsLocation() throws Exception {
    List<DryRunRecord> records = new ArrayList<>();
    for (String step : DeployApisTest.STEPS) {
      records.add(DeployScript.record(step));
    }
    records.add(DeployScript.dryRun("teardown", "--delete-data").record());
    for (DryRunRecord record : records) {
      for (Command command : record.commands()) {
        if (command.program().equals("bq")) {
          assertThat(command.flag("--location"))
              .as("%s", command)
              .contains(SETTINGS.get("BQ_LOCATION"));
        }
      }
    }
  }

  @Test
  void noServiceIsSentMoreRequestsAtOnceThanItHasThreadsToServeThem() throws IOException {
    for (String service : List.of("webhook-handler", "task-handler")) {
      Command deploy = DeployScript.record("setup").command("gcloud", "run", "deploy", service);
      int concurrency = Integer.parseInt(deploy.requiredFlag("--concurrency"));
      int threads = threads(service, env(deploy));

      assertThat(concurrency)
          .as("%s: --concurrency against %d threads", service, threads)
          .isPositive()
          .isLessThanOrEqualTo(threads);
    }
  }

  /** server.tomcat.threads.max of the service's properties, as its environment resolves it. */
  static int threads(String service, Map<String, String> env) throws IOException {
    Properties properties = new Properties();
    Path file =
        DeployScript.ROOT.resolve(service + "/src/main/resources/" + service + ".properties");
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    String value = properties.getProperty("server.tomcat.threads.max");
    assertThat(value).as("%s sets server.tomcat.threads.max", file).isNotNull();
    Matcher placeholder = Pattern.compile("\\$\\{([A-Z_]+):(\\d+)}").matcher(value);
    if (placeholder.matches()) {
      return Integer.parseInt(env.getOrDefault(placeholder.group(1), placeholder.group(2)));
    }
    return Integer.parseInt(value);
  }
}
