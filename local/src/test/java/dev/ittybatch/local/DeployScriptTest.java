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
  static final String NOTIFY_URL = "https://hooks.example.com/services/DO_NOT_PRINT_ME_EITHER";
  static final Map<String, String> SECRETS =
      Map.of("ITTYBIT_API_KEY", API_KEY, "NOTIFY_URL", NOTIFY_URL);

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
    Result setup = deploy(SECRETS, "setup");

    assertThat(setup.exit()).as(setup.err()).isZero();
    String out = setup.out();
    assertThat(out)
        .contains(
            "gcloud services enable run.googleapis.com cloudtasks.googleapis.com"
                + " bigquery.googleapis.com secretmanager.googleapis.com iam.googleapis.com"
                + " iamcredentials.googleapis.com artifactregistry.googleapis.com")
        .contains(
            "gcloud tasks queues update ittybit-batch --project=my-gcp-project"
                + " --location=europe-west1 --max-dispatches-per-second=50"
                + " --max-concurrent-dispatches=200 --max-attempts=7 --min-backoff=10s"
                + " --max-backoff=300s --max-doublings=4")
        .as("the handler gives up two attempts before the queue does")
        .contains("MAX_ATTEMPTS=5\\,")
        .contains("jib:build")
        .contains("gcloud run jobs deploy orchestrator");
    assertThat(out)
        .as("the secrets are never printed")
        .doesNotContain(API_KEY)
        .doesNotContain(NOTIFY_URL);
    assertThat(lines(out, "secrets versions add notify-url"))
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("+ <secret> |"));
    assertThat(lines(out, "gcloud run jobs deploy orchestrator"))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("NOTIFY_URL=notify-url:latest"));
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
    assertThat(lines(out, "roles/run.jobsExecutorWithOverrides"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .as("Cloud Scheduler starts reconciliation passes of the job, nothing else")
                    .contains("jobs add-iam-policy-binding orchestrator")
                    .contains("serviceAccount:ittybatch-scheduler@"));
    assertThat(lines(out, "roles/cloudtasks.viewer"))
        .as("reconciliation asks whether a task still exists")
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("queues add-iam-policy-binding ittybit-batch")
                    .contains("serviceAccount:ittybatch-orchestrator@"));
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
        .as("only the orchestrator edits the dataset's tables (DeployPermissionsTest has the rest)")
        .singleElement()
        .satisfies(
            line ->
                assertThat(line.replace("\\", ""))
                    .contains(
                        "GRANT `roles/bigquery.dataEditor` ON SCHEMA `my-gcp-project.ittybatch`")
                    .contains("serviceAccount:ittybatch-orchestrator@")
                    .doesNotContain("ittybatch-task-handler@")
                    .doesNotContain("ittybatch-webhook@"));
    assertThat(lines(out, "secretAccessor"))
        .filteredOn(line -> line.contains("ittybit-api-key"))
        .as("the webhook-handler and reconciliation fetch jobs with the API key too")
        .hasSize(3)
        .anyMatch(line -> line.contains("ittybatch-webhook@"))
        .anyMatch(line -> line.contains("ittybatch-task-handler@"))
        .anyMatch(line -> line.contains("ittybatch-orchestrator@"));
    assertThat(lines(out, "roles/"))
        .as("no broad role anywhere")
        .noneMatch(line -> line.contains("roles/owner") || line.contains("roles/editor"));
    List<String> projectWide = lines(out, "gcloud projects add-iam-policy-binding");
    assertThat(projectWide)
        .as(
            "project-wide grants: running BigQuery jobs (BigQuery grants it no other way), to the"
                + " orchestrator and to the webhook-handler's dispatched-row lookup, the data they"
                + " read being the dataset's or the table's grant; and deleting a schedule, which"
                + " Cloud Scheduler grants on the project at the lowest")
        .hasSize(3)
        .allMatch(line -> line.contains("--condition=None"));
    assertThat(projectWide)
        .filteredOn(line -> line.contains("roles/bigquery.jobUser"))
        .hasSize(2)
        .anyMatch(line -> line.contains("serviceAccount:ittybatch-orchestrator@"))
        .anyMatch(line -> line.contains("serviceAccount:ittybatch-webhook@"));
    assertThat(projectWide)
        .filteredOn(line -> !line.contains("roles/bigquery.jobUser"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("--role=projects/my-gcp-project/roles/ittybatchScheduleEnder")
                    .contains("serviceAccount:ittybatch-orchestrator@"));
    assertThat(lines(out, "--permissions=cloudscheduler.jobs.delete"))
        .as("the schedule ender's role holds that one permission")
        .hasSize(2)
        .allMatch(line -> line.contains("--permissions=cloudscheduler.jobs.delete --stage=GA"));
    assertThat(lines(out, "roles/cloudtasks.taskDeleter"))
        .as("pause and cancel delete tasks of this queue only")
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("queues add-iam-policy-binding ittybit-batch")
                    .contains("serviceAccount:ittybatch-orchestrator@"));
  }

  /**
   * Runs setup for real against stand-ins for gcloud, bq, curl and the Maven wrapper that record
   * every call and answer "describe" as a project where everything exists, or nothing does.
   */
  static List<String> setupAgainst(boolean everythingExists) throws Exception {
    Result result = setupAgainst(everythingExists, true);
    assertThat(result.exit()).as(result.out()).isZero();
    return result
        .out()
        .lines()
        .filter(line -> line.startsWith("CALL "))
        .map(l -> l.substring(5))
        .collect(Collectors.toList());
  }

  static Result setupAgainst(boolean everythingExists, boolean keyExported) throws Exception {
    Path bin = Files.createTempDirectory("fake-cloud");
    String fake =
        """
        #!/bin/sh
        echo "CALL $(basename "$0") $*" >&2
        [ -t 0 ] || cat > /dev/null
        case "$*" in
          *" describe "*|*" show "*)
            case "$*" in
              *"status.url"*) echo "https://svc.run.app"; exit 0 ;;
              *"value(location)"*) echo "EU"; exit 0 ;;
            esac
            %s ;;
          *"versions access"*) echo "token-from-secret-manager" ;;
        esac
        exit 0
        """
            .formatted(everythingExists ? "exit 0" : "exit 1");
    for (String tool : List.of("gcloud", "bq", "curl", "mvnw", "java")) {
      Path script = bin.resolve(tool);
      Files.writeString(script, fake);
      script.toFile().setExecutable(true);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash", "deploy/deploy.sh", "--env", "deploy/ittybatch.env.example", "setup")
            .directory(ROOT.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("MVNW", bin.resolve("mvnw").toString());
    if (keyExported) {
      builder.environment().put("ITTYBIT_API_KEY", API_KEY);
    } else {
      builder.environment().remove("ITTYBIT_API_KEY");
    }
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(out).doesNotContain(API_KEY);
    return new Result(process.exitValue(), out, "");
  }

  @Test
  void setupStopsWhenTheKeySecretHasNoVersionAndNoKeyIsExported() throws Exception {
    Result result = setupAgainst(false, false);
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out())
        .contains("the ittybit-api-key secret has no enabled version: export ITTYBIT_API_KEY")
        .doesNotContain("CALL gcloud run deploy");
  }

  static List<String> creations(List<String> calls) {
    return calls.stream()
        .filter(call -> call.matches(".* (create|mk) .*"))
        .collect(Collectors.toList());
  }

  @Test
  void setupCreatesWhatIsMissingAndARerunCreatesNothing() throws Exception {
    List<String> fresh = setupAgainst(false);
    List<String> again = setupAgainst(true);

    assertThat(creations(fresh))
        .as("a new project gets every resource")
        .anyMatch(call -> call.startsWith("gcloud iam service-accounts create"))
        .anyMatch(call -> call.startsWith("gcloud secrets create ittybit-api-key"))
        .anyMatch(call -> call.startsWith("gcloud secrets create webhook-token"))
        .anyMatch(call -> call.startsWith("gcloud tasks queues create"))
        .anyMatch(call -> call.startsWith("bq") && call.contains("mk --dataset"))
        .anyMatch(call -> call.startsWith("gcloud artifacts repositories create"));
    assertThat(creations(again)).as("an existing project gets nothing created twice").isEmpty();
    assertThat(again)
        .as("but its settings are applied again")
        .anyMatch(call -> call.startsWith("gcloud tasks queues update"))
        .anyMatch(call -> call.startsWith("gcloud run deploy task-handler"))
        .anyMatch(call -> call.startsWith("mvnw") && call.contains("jib:build"));
  }

  @Test
  void setupRegistersTheWebhookEndpointThroughTheOrchestratorWithoutPrintingSecrets()
      throws Exception {
    String out = deploy(Map.of("ITTYBIT_API_KEY", API_KEY), "setup").out();
    assertThat(lines(out, "--register-webhook"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("+ env ITTYBIT_API_KEY=<secret> WEBHOOK_TOKEN=<secret> ")
                    .contains("java -jar")
                    .endsWith("--register-webhook=https://webhook-handler-URL.run.app/webhook"));
    assertThat(out).doesNotContain(API_KEY).doesNotContain("curl");

    List<String> calls = setupAgainst(true);
    assertThat(calls)
        .as("the key and the token reach it through its environment, never its arguments")
        .anyMatch(
            call ->
                call.startsWith("java -jar")
                    && call.endsWith("--register-webhook=https://svc.run.app/webhook"))
        .noneMatch(call -> call.contains("token-from-secret-manager"));
  }

  @Test
  void checkRunsThePreflightHereAgainstTheDeployedServices() throws Exception {
    Result check = deploy(Map.of(), "check", "gs://b/m/library.jsonl");
    assertThat(check.exit()).as(check.err()).isZero();
    assertThat(lines(check.out(), "--preflight"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("HANDLER_URL=https://task-handler-URL.run.app/")
                    .contains("WEBHOOK_URL=https://webhook-handler-URL.run.app/webhook")
                    .endsWith("--preflight --manifest=gs://b/m/library.jsonl"));
    assertThat(deploy(Map.of(), "check", "no-such.jsonl").err())
        .contains("no-such.jsonl: no such file");
  }

  @Test
  void resumeSetsTheQueueGoingAndRecordsItInBatchEvents() throws Exception {
    String out = deploy(Map.of(), "resume", "library").out();
    assertThat(out).contains("gcloud tasks queues resume ittybit-batch");
    String insert = lines(out, "INSERT").get(0).replace("\\", "");
    assertThat(insert)
        .contains("INSERT INTO `my-gcp-project.ittybatch.batch_events`")
        .as("the table's own columns, in order")
        .contains("(" + dev.ittybatch.common.events.EventColumns.names() + ")")
        .contains("--parameter=batch_id::library");
  }

  @Test
  void pauseResumeAndCancelActOnOneBatchThroughTheOrchestratorJob() throws Exception {
    for (String action : List.of("pause", "resume", "cancel")) {
      Result result = deploy(Map.of(), action, "lib-2");
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(lines(result.out(), "gcloud run jobs execute orchestrator"))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains("--args=--" + action + "\\,--batch-id=lib-2")
                      .contains("--tasks=1 --wait"));
      assertThat(result.out()).contains("< sql/queries/batch_life.sql");
    }
    for (String action : List.of("pause", "cancel")) {
      assertThat(deploy(Map.of(), action).err()).contains(action + " needs a batch id");
    }
    Result queueOnly = deploy(Map.of(), "resume");
    assertThat(queueOnly.out())
        .as("without a batch, the queue alone")
        .doesNotContain("jobs execute")
        .contains("gcloud tasks queues resume ittybit-batch");
  }

  @Test
  void teardownPausesTheQueueAndDeletesItOnlyWhenAsked() throws Exception {
    String paused = deploy(Map.of(), "teardown").out();
    assertThat(paused)
        .contains("gcloud tasks queues pause ittybit-batch")
        .doesNotContain("queues delete")
        .doesNotContain("rm -r -f --dataset");
    String deleted = deploy(Map.of(), "teardown", "--delete-queue").out();
    assertThat(deleted)
        .contains("gcloud tasks queues delete ittybit-batch")
        .contains("cannot be used again for up to 3 days");
    assertThat(deploy(Map.of(), "setup").out())
        .as("setup sets a paused queue going again")
        .contains("gcloud tasks queues resume ittybit-batch");
  }

  /**
   * Every command each step would run, checked against a reviewed record in {@code
   * src/test/resources/deploy-dry-run/}: any change to what the script does to a real project shows
   * up as a diff in review. {@code UPDATE_SNAPSHOTS=1} rewrites the records.
   */
  @Test
  void theDryRunOfEveryStepMatchesItsReviewedRecord() throws Exception {
    Map<String, String[]> steps =
        new java.util.LinkedHashMap<>(
            Map.of(
                "setup", new String[] {"setup"},
                "run",
                    new String[] {
                      "run", "examples/library.jsonl", "--tasks", "4", "--skip-invalid"
                    },
                "status", new String[] {"status", "library"},
                "teardown", new String[] {"teardown"}));
    steps.put(
        "retry",
        new String[] {
          "run",
          "gs://my-ittybatch-manifests/m/library.jsonl",
          "--retry",
          "failed,dispatch_failed",
          "--skip-invalid"
        });
    steps.put("reconcile", new String[] {"reconcile", "library", "--no-redrive"});
    steps.put("status-web", new String[] {"status", "library", "--web", "--port", "8765"});
    steps.put("check", new String[] {"check", "gs://b/m/library.jsonl"});
    steps.put("resume", new String[] {"resume", "library"});
    steps.put("pause", new String[] {"pause", "library"});
    steps.put("cancel", new String[] {"cancel", "library"});
    Path records = Path.of("src", "test", "resources", "deploy-dry-run");
    for (Map.Entry<String, String[]> step : steps.entrySet()) {
      Result result = deploy(SECRETS, step.getValue());
      assertThat(result.exit()).as(result.err()).isZero();
      String commands = result.out().replace(ROOT.toString(), "<repo>");
      Path record = records.resolve(step.getKey() + ".txt");
      if (System.getenv("UPDATE_SNAPSHOTS") != null) {
        Files.createDirectories(records);
        Files.writeString(record, commands);
      }
      assertThat(commands)
          .as("deploy.sh --dry-run %s differs from %s", step.getKey(), record)
          .isEqualTo(Files.readString(record));
    }
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
  void runSchedulesReconciliationOfTheBatchItDerivesAsTheOrchestratorDoes() throws Exception {
    for (String name : new String[] {"My Library (2026).JSONL.gz", "a.b.ndjson", "---.txt"}) {
      String expected = dev.ittybatch.common.identity.BatchId.fromManifestName(name).value();
      Result run = deploy(Map.of(), "run", "gs://my-ittybatch-manifests/in/" + name);
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("--batch-id=" + expected)
          .contains("gcloud scheduler jobs create http ittybatch-reconcile-" + expected)
          .contains("\"--reconcile\\\"")
          .contains("\"--batch-id=" + expected + "\\\"");
    }
    assertThat(deploy(Map.of(), "reconcile", "lib", "--stop").out())
        .contains("gcloud scheduler jobs delete ittybatch-reconcile-lib");
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
  void theImagesBuildAsDeployBuildsThem() throws Exception {
    // The very Maven command setup runs, with the push swapped for a tarball on an empty base:
    // offline, no registry, and a library module in the reactor must not stop it.
    String build =
        lines(deploy(Map.of(), "setup").out(), "jib:build").stream()
            .findFirst()
            .orElseThrow()
            .substring(2)
            .replace("\\,", ","); // the dry run prints shell-quoted words
    assertThat(build).contains("-pl orchestrator,task-handler,webhook-handler -am");
    List<String> command =
        new java.util.ArrayList<>(
            Arrays.asList(build.replace(" jib:build ", " jib:buildTar ").split(" ")));
    command.add("-Djib.from.image=scratch");
    command.add("-Dspotless.check.skip=true");
    Process process =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(out).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    for (String service : List.of("orchestrator", "task-handler", "webhook-handler")) {
      assertThat(ROOT.resolve(service).resolve("target/jib-image.tar"))
          .as(service + "'s image")
          .isNotEmptyFile();
    }
    assertThat(ROOT.resolve("common/target/jib-image.tar")).doesNotExist();
  }
}
