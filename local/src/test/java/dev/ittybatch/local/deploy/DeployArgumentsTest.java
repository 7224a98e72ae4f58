package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.orchestrator.run.RunOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the orchestrator receives from each way deploy.sh starts it, split as gcloud splits {@code
 * --args} and parsed by the orchestrator's own option parser: every combination of run's and
 * reconcile's options, and the scheduler's message body.
 */
class DeployArgumentsTest {

  static final String BUCKET = DeployScript.settings().get("MANIFEST_BUCKET");

  static RunOptions orchestratorGets(List<String> argv) {
    return RunOptions.from(
        new DefaultApplicationArguments(argv.toArray(String[]::new)), new MockEnvironment());
  }

  static Command execute(DeployScript.Result result) {
    assertThat(result.exit()).as(result.err()).isZero();
    return result.record().command("gcloud", "run", "jobs", "execute", "orchestrator");
  }

  @Test
  void runPassesTheOrchestratorExactlyItsOptionsInEveryCombination() throws Exception {
    for (String manifest :
        List.of("examples/library.jsonl", "gs://" + BUCKET + "/in/Autumn, 2026 (final).jsonl")) {
      for (String retry : new String[] {null, "failed", "failed,dispatch_failed"}) {
        for (boolean skipInvalid : List.of(false, true)) {
          for (String tasks : new String[] {null, "3"}) {
            for (String batchId : new String[] {null, "lib-2026"}) {
              List<String> args = new ArrayList<>(List.of("run", manifest));
              if (retry != null) {
                args.addAll(List.of("--retry", retry));
              }
              if (skipInvalid) {
                args.add("--skip-invalid");
              }
              if (tasks != null) {
                args.add("--tasks=" + tasks);
              }
              if (batchId != null) {
                args.addAll(List.of("--batch-id", batchId));
              }
              Command execute = execute(DeployScript.dryRun(args.toArray(String[]::new)));
              String uri =
                  manifest.startsWith("gs://")
                      ? manifest
                      : "gs://" + BUCKET + "/manifests/library.jsonl";

              RunOptions options =
                  orchestratorGets(GcloudLists.split(execute.requiredFlag("--args")));

              String combination = String.join(" ", args);
              assertThat(options.manifest()).as(combination).isEqualTo(uri);
              assertThat(options.batchId())
                  .as(combination)
                  .isEqualTo(
                      batchId == null ? BatchId.fromManifestName(uri) : new BatchId(batchId));
              assertThat(options.retry()).as(combination).isEqualTo(statuses(retry));
              assertThat(options.skipInvalid()).as(combination).isEqualTo(skipInvalid);
              assertThat(options.rejects())
                  .as(combination)
                  .isEqualTo(
                      skipInvalid
                          ? uri.substring(0, uri.lastIndexOf('.')) + ".rejects.jsonl"
                          : null);
              assertThat(options.reconcile()).as(combination).isFalse();
              assertThat(execute.requiredFlag("--tasks"))
                  .as(combination)
                  .isEqualTo(tasks == null ? "1" : tasks);
            }
          }
        }
      }
    }
  }

  static Set<ResultStatus> statuses(String retry) {
    Set<ResultStatus> statuses = EnumSet.noneOf(ResultStatus.class);
    if (retry != null) {
      for (String name : retry.split(",")) {
        statuses.add(ResultStatus.fromWireName(name).orElseThrow());
      }
    }
    return statuses;
  }

  @Test
  void reconcilePassesTheOrchestratorExactlyItsOptions() throws Exception {
    for (boolean noRedrive : List.of(false, true)) {
      Command execute =
          execute(
              noRedrive
                  ? DeployScript.dryRun("reconcile", "lib-2026", "--no-redrive")
                  : DeployScript.dryRun("reconcile", "lib-2026"));

      RunOptions options = orchestratorGets(GcloudLists.split(execute.requiredFlag("--args")));

      assertThat(options.reconcile()).isTrue();
      assertThat(options.batchId()).isEqualTo(new BatchId("lib-2026"));
      assertThat(options.redrive()).isEqualTo(!noRedrive);
      assertThat(options.manifest()).isNull();
    }
  }

  @Test
  void schedulerStartsAReconcilePassOfTheBatchWithAJsonBody() throws Exception {
    DryRunRecord run = DeployScript.record("run");
    Command execute = run.command("gcloud", "run", "jobs", "execute", "orchestrator");
    BatchId batch = orchestratorGets(GcloudLists.split(execute.requiredFlag("--args"))).batchId();
    for (String verb : List.of("create", "update")) {
      Command schedule = run.command("gcloud", "scheduler", "jobs", verb, "http");
      JsonNode overrides =
          JsonMapper.builder()
              .build()
              .readTree(schedule.requiredFlag("--message-body"))
              .get("overrides");
      List<String> argv = new ArrayList<>();
      overrides
          .get("containerOverrides")
          .get(0)
          .get("args")
          .forEach(arg -> argv.add(arg.asString()));

      RunOptions options = orchestratorGets(argv);

      assertThat(options.reconcile()).isTrue();
      assertThat(options.batchId()).isEqualTo(batch);
      assertThat(overrides.get("taskCount").asInt()).isEqualTo(1);
      // Without it Cloud Scheduler sends the body as application/octet-stream.
      String headers = verb.equals("create") ? "--headers" : "--update-headers";
      assertThat(GcloudLists.splitDict(schedule.requiredFlag(headers)))
          .as("%s %s", verb, headers)
          .containsEntry("Content-Type", "application/json");
    }
  }

  @Test
  void everyRecordedListFlagSplitsIntoTheElementsItIsMadeOf() {
    Pattern key = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    int flags = 0;
    for (String step : DeployApisTest.STEPS) {
      for (Command command : DeployScript.record(step).commands()) {
        for (String name : List.of("--args", "--permissions")) {
          for (String element : command.flag(name).map(GcloudLists::split).orElse(List.of())) {
            flags++;
            assertThat(element)
                .as("%s %s", command.where(), name)
                .isNotBlank()
                .doesNotContain(",--");
          }
        }
        for (String name :
            List.of("--set-env-vars", "--set-secrets", "--headers", "--update-headers")) {
          for (Map.Entry<String, String> element :
              command.flag(name).map(GcloudLists::splitDict).orElse(Map.of()).entrySet()) {
            flags++;
            assertThat(element.getKey()).as("%s %s", command.where(), name).matches(key);
            assertThat(element.getValue())
                .as("%s %s %s", command.where(), name, element.getKey())
                .isNotBlank()
                .doesNotContain(",");
          }
        }
        command
            .flag("--set-secrets")
            .map(GcloudLists::splitDict)
            .ifPresent(
                secrets ->
                    assertThat(secrets.values())
                        .as("%s: each secret is NAME:VERSION", command.where())
                        .allMatch(reference -> reference.matches("[a-z0-9-]+:(latest|\\d+)")));
      }
    }
    assertThat(flags).isGreaterThan(30);
  }
}
