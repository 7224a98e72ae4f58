package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/deploy.sh in dry-run mode: the commands it would run, with no cloud access. It lives with
 * the local module's tests because, like them, it checks the system as a whole.
 */
class DeployScriptTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String API_KEY = "itty_sk_live_DO_NOT_PRINT_ME";

  record Result(int exit, String out, String err) {}

  static Result deploy(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "bash", "deploy/deploy.sh", "--dry-run", "--env", "deploy/ittybatch.env.example"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    // Tripwires first on the PATH: if a dry run called a cloud tool, the call would be recorded.
    Path tripwires = Files.createTempDirectory("no-cloud");
    Path calls = tripwires.resolve("calls");
    for (String tool : List.of("gcloud", "bq", "curl")) {
      Path fake = tripwires.resolve(tool);
      Files.writeString(fake, "#!/bin/sh\necho \"$0 $*\" >> '" + calls + "'\nexit 99\n");
      fake.toFile().setExecutable(true);
    }
    builder.environment().put("PATH", tripwires + ":" + System.getenv("PATH"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(calls).as("a dry run calls no cloud tool").doesNotExist();
    return new Result(process.exitValue(), out, err);
  }

  static List<String> lines(String out, String containing) {
    return out.lines().filter(line -> line.contains(containing)).collect(Collectors.toList());
  }

  @Test
  void setupPrintsEveryStepWithTheQueueAndAccessSettings() throws Exception {
    Result setup = deploy(Map.of("ITTYBIT_API_KEY", API_KEY), "setup");

    assertThat(setup.exit()).as(setup.err()).isZero();
    String out = setup.out();
    assertThat(out)
        .contains(
            "gcloud services enable run.googleapis.com cloudtasks.googleapis.com"
                + " bigquery.googleapis.com secretmanager.googleapis.com"
                + " iamcredentials.googleapis.com artifactregistry.googleapis.com")
        .contains(
            "gcloud tasks queues update ittybit-batch --project=my-gcp-project"
                + " --location=europe-west1 --max-dispatches-per-second=50"
                + " --max-concurrent-dispatches=200 --max-attempts=5 --min-backoff=10s"
                + " --max-backoff=300s --max-doublings=4")
        .contains("MAX_ATTEMPTS=5")
        .contains("jib:build")
        .contains("gcloud run jobs deploy orchestrator");
    assertThat(out).as("the secret is never printed").doesNotContain(API_KEY);
    assertThat(lines(out, "secrets versions add ittybit-api-key"))
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("+ <secret> |"));

    List<String> handlerDeploy = lines(out, "gcloud run deploy task-handler");
    assertThat(handlerDeploy)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("--no-allow-unauthenticated")
                    .doesNotContain("--allow-unauthenticated "));
    assertThat(lines(out, "gcloud run deploy webhook-handler"))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("--allow-unauthenticated"));
  }

  @Test
  void eachRoleIsBoundOnlyWhereItBelongs() throws Exception {
    String out = deploy(Map.of(), "setup").out();

    assertThat(lines(out, "roles/cloudtasks.enqueuer"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("queues add-iam-policy-binding ittybit-batch")
                    .contains("serviceAccount:ittybatch-orchestrator@"));
    assertThat(lines(out, "roles/run.invoker"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("services add-iam-policy-binding task-handler")
                    .contains("serviceAccount:ittybatch-tasks-invoker@"));
    assertThat(lines(out, "roles/iam.serviceAccountTokenCreator"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("service-accounts add-iam-policy-binding ittybatch-task-handler@")
                    .contains("--member=serviceAccount:ittybatch-task-handler@"));
    assertThat(lines(out, "roles/iam.serviceAccountUser"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("add-iam-policy-binding ittybatch-tasks-invoker@")
                    .contains("serviceAccount:ittybatch-orchestrator@"));
    assertThat(lines(out, "roles/storage.objectViewer"))
        .hasSize(2)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("gs://my-media-library")
                    .contains("ittybatch-task-handler@"));
    assertThat(lines(out, "roles/bigquery.dataEditor"))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).endsWith("my-gcp-project:ittybatch.task_results"));
    assertThat(lines(out, "roles/"))
        .noneSatisfy(line -> assertThat(line).contains("roles/owner").contains("roles/editor"));
    assertThat(lines(out, "gcloud projects add-iam-policy-binding"))
        .as("nothing is granted project-wide")
        .isEmpty();
  }

  @Test
  void aReRunIssuesTheSameCommands() throws Exception {
    Map<String, String> env = Map.of("ITTYBIT_API_KEY", API_KEY);
    assertThat(deploy(env, "setup").out()).isEqualTo(deploy(env, "setup").out());
  }

  @Test
  void runUploadsTheManifestAndExecutesTheJobSharded() throws Exception {
    Result run =
        deploy(Map.of(), "run", "examples/library.jsonl", "--tasks", "4", "--batch-id=lib");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "gcloud storage cp examples/library.jsonl"
                + " gs://my-ittybatch-manifests/manifests/library.jsonl")
        .contains("gcloud run jobs execute orchestrator")
        .contains("--tasks=4")
        .contains("--batch-id=lib");
    assertThat(deploy(Map.of(), "status", "lib").out())
        .contains("--parameter=batch_id::lib < sql/queries/progress_summary.sql");
  }

  @Test
  void aMissingSettingIsNamed() throws Exception {
    Path env = Files.createTempFile("ittybatch", ".env");
    Files.writeString(env, "PROJECT=p\nREGION=r\n");
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash", "deploy/deploy.sh", "--dry-run", "--env", env.toString(), "setup")
            .directory(ROOT.toFile());
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isEqualTo(2);
    assertThat(err).contains("MEDIA_BUCKET is not set in " + env);
  }

  @Test
  void everyScriptPassesShellcheckWhenItIsInstalled() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/shellcheck"))) {
      return; // shellcheck is a Debian package; without it there is nothing to run
    }
    Process process =
        new ProcessBuilder(
                "shellcheck",
                "-x",
                "deploy/deploy.sh",
                "run-local",
                "bench/lib.sh",
                "bench/manifest.sh",
                "bench/enqueue.sh",
                "bench/webhook.sh",
                "bench/dispatch.sh",
                ".ci/run")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }
}
