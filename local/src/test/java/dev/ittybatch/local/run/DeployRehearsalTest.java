package dev.ittybatch.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.TableResult;
import dev.ittybatch.local.deploy.Command;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.Grant;
import dev.ittybatch.local.iam.Resources;
import dev.ittybatch.local.ittybit.Faults;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy rehearsed from its dry-run records on the stand-ins (see {@link Rehearsal}): setup,
 * then a small batch through {@code run}, a lost webhook settled by the scheduler's pass with the
 * schedule's own body, {@code run --retry} re-driving a failure, {@code reconcile}, {@code status}
 * and {@code status --web}; every call the components and Google make for them allowed by the
 * setup's grants, every API they use enabled, and every grant used or on the reviewed list.
 */
class DeployRehearsalTest {

  static final String BATCH = "library";
  static final String SCHEDULE = "ittybatch-reconcile-" + BATCH;

  /** Beyond the default 30 minutes a pass leaves a dispatched entry alone. */
  static final Duration A_PASS_LATER = Duration.ofMinutes(31);

  static final Path UNUSED = Path.of("src/test/resources/deploy-rehearsal/unused-grants.txt");
  static final Path BROAD = Path.of("src/test/resources/deploy-rehearsal/broad-grants.txt");

  /** Permissions that delete or replace what they act on. */
  static final Pattern DESTRUCTIVE =
      Pattern.compile(
          ".*\\.delete|.*\\.setIamPolicy|bigquery\\.tables\\.update|storage\\.objects\\.update");

  @TempDir Path dir;

  @Test
  void theRecordedDeployRunsABatchWithTheGrantsItMakesAndNoMore() throws Exception {
    Faults unkind =
        new Faults(0, 0, 0, 0, 0.2, 0, Duration.ZERO, 0, 0.2, 0, Duration.ZERO, Duration.ZERO);
    try (Rehearsal rehearsal = new Rehearsal(dir, Rehearsal.record("setup"), unkind)) {
      // setup again, as after an interrupted first one: nothing is made twice, no secret gains a
      // second enabled (billed) version, and the services come back on their URLs.
      rehearsal.play("setup");
      assertThat(rehearsal.secrets.enabledVersions())
          .as("enabled versions of each secret after two setups")
          .allSatisfy((secret, versions) -> assertThat(versions).as(secret).isOne());

      int entries = manifest(rehearsal, dir.resolve("library.jsonl"));
      rehearsal.runAdmin.manifest(dir.resolve("library.jsonl"));
      ResultsReader results = ResultsReader.on(rehearsal.cloud);

      assertThat(rehearsal.play("run")).as("run's job tasks").containsOnly(0);
      await()
          .atMost(Duration.ofSeconds(30))
          .during(Duration.ofSeconds(1))
          .until(
              () ->
                  rehearsal.ittybit.webhooksOutstanding() == 0
                      && number(results, "pending") == 0
                      && number(results, "done") + number(results, "dispatched") == entries);
      long lost = number(results, "dispatched");
      assertThat(lost).as("entries whose webhook never came").isPositive();

      assertThat(rehearsal.schedules.fire(SCHEDULE, A_PASS_LATER)).isZero();
      assertThat(number(results, "dispatched")).as("settled by the scheduled pass").isZero();
      assertThat(number(results, "done")).isEqualTo(entries);
      long failed = number(results, "failed");
      assertThat(failed).as("failures to retry").isPositive();

      rehearsal.ittybit.faults(Faults.none());
      rehearsal.runAdmin.alreadyInTheBucket(Rehearsal.record("retry"));
      assertThat(rehearsal.play("retry")).as("retry's job task").containsOnly(0);
      await().atMost(Duration.ofSeconds(30)).until(() -> number(results, "succeeded") == entries);
      assertThat(rehearsal.ittybit.jobsCreated()).isEqualTo(entries + failed);

      assertThat(rehearsal.play("reconcile")).as("reconcile's job task").containsOnly(0);
      assertThat(
              rehearsal.scheduler.exists(
                  rehearsal.settings.get("PROJECT"), rehearsal.settings.get("REGION"), SCHEDULE))
          .as("a pass over the done batch ended its schedule")
          .isFalse();

      List<String> answered = new ArrayList<>();
      for (Command query : Rehearsal.record("status").commands()) {
        if (query.program().equals("bq")) {
          TableResult rows = rehearsal.bigQuery.query(query);
          answered.add(query.stdin());
          if (query.stdin().endsWith("progress_summary.sql")) {
            FieldValueList summary = rows.iterateAll().iterator().next();
            assertThat(summary.get("total").getLongValue()).isEqualTo(entries);
            assertThat(summary.get("succeeded").getLongValue()).isEqualTo(entries);
          }
        }
      }
      assertThat(answered).contains("sql/queries/progress_summary.sql");

      assertThat(rehearsal.play("status-web")).isEmpty();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest page =
          HttpRequest.newBuilder(URI.create(rehearsal.runAdmin.statusPage() + "batches/" + BATCH))
              .build();
      HttpResponse<String> answer =
          await()
              .atMost(Duration.ofSeconds(20))
              .ignoreExceptions()
              .until(
                  () -> http.send(page, HttpResponse.BodyHandlers.ofString()),
                  r -> r.statusCode() == 200);
      assertThat(answer.body()).contains(BATCH).contains(String.valueOf(entries));

      assertThat(rehearsal.notices.texts())
          .anySatisfy(text -> assertThat(text).contains("batch " + BATCH + " is done"));

      List<Call> calls = rehearsal.deployedCalls();
      SoftAssertions permissions = new SoftAssertions();
      permissions
          .assertThat(calls.stream().filter(call -> !call.allowed()).map(Call::toString).toList())
          .as("calls the setup's grants refuse (a 403 in production)")
          .isEmpty();
      permissions
          .assertThat(
              calls.stream()
                  .map(call -> Apis.of(call.permission()))
                  .distinct()
                  .filter(api -> !rehearsal.enabledApis.contains(api))
                  .toList())
          .as("APIs called but not enabled by setup")
          .isEmpty();
      permissions
          .assertThat(rehearsal.unusedGrants().stream().map(DeployRehearsalTest::key).toList())
          .as("grants no call used, against the reviewed list %s", UNUSED)
          .containsExactlyInAnyOrderElementsOf(reviewed(UNUSED));
      permissions
          .assertThat(broaderThanUsed(rehearsal, calls))
          .as(
              "grants that let an account delete or replace what it never does, against the"
                  + " reviewed list %s",
              BROAD)
          .containsExactlyInAnyOrderElementsOf(reviewed(BROAD));
      permissions.assertAll();
    }
  }

  /**
   * Grants that some call used but that also let their account delete or replace what it never
   * touches that way: each with those permissions, as the reviewed list names them.
   */
  static List<String> broaderThanUsed(Rehearsal rehearsal, List<Call> calls) {
    List<Grant> unused = rehearsal.unusedGrants();
    List<String> broad = new ArrayList<>();
    for (Grant grant : rehearsal.grants.grants()) {
      if (unused.contains(grant)) {
        continue;
      }
      List<String> neverUsed =
          rehearsal.grants.permissions(grant.role()).stream()
              .filter(permission -> DESTRUCTIVE.matcher(permission).matches())
              .filter(
                  permission ->
                      calls.stream()
                          .noneMatch(
                              call ->
                                  call.allowed()
                                      && call.permission().equals(permission)
                                      && grant.names(call.identity())
                                      && Resources.parents(call.resource())
                                          .contains(grant.resource())))
              .sorted()
              .toList();
      if (!neverUsed.isEmpty()) {
        broad.add(key(grant) + " " + String.join(",", neverUsed));
      }
    }
    return broad;
  }

  /** A grant as the reviewed list names it: member, role, resource. */
  static String key(Grant grant) {
    return grant.member() + " " + grant.role() + " " + grant.resource();
  }

  static List<String> reviewed(Path list) throws Exception {
    return Files.readAllLines(list).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(String::strip)
        .toList();
  }

  /**
   * A small batch in place of the record's example library: inputs in the media bucket (the
   * task-handler reads and signs them), and inputs on the web whose fates are known: one whose job
   * fails, one whose webhook never comes. One line is invalid: run and retry skip it ({@code
   * --skip-invalid}) and report it in a rejects file.
   */
  static int manifest(Rehearsal rehearsal, Path file) throws Exception {
    String media = rehearsal.settings.get("MEDIA_BUCKET");
    List<String> inputs = new ArrayList<>();
    IntStream.range(0, 4).forEach(i -> inputs.add("gs://" + media + "/rehearsal/v" + i + ".mov"));
    var ittybit = rehearsal.ittybit;
    List<String> web =
        IntStream.range(0, 500).mapToObj(i -> "https://media.example.com/r/" + i + ".mov").toList();
    inputs.add(
        web.stream().filter(i -> ittybit.fails(i) && !ittybit.losesWebhook(i)).findFirst().get());
    inputs.add(
        web.stream().filter(i -> ittybit.losesWebhook(i) && !ittybit.fails(i)).findFirst().get());
    web.stream()
        .filter(i -> !ittybit.fails(i) && !ittybit.losesWebhook(i))
        .limit(4)
        .forEach(inputs::add);
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (String input : inputs) {
        out.write("{\"path\":\"" + input + "\",\"kind\":\"video\"}\n");
      }
      out.write("{\"path\":\"gs://" + media + "/rehearsal/odd.mov\",\"kind\":\"vidoe\"}\n");
    }
    return inputs.size();
  }

  static long number(ResultsReader results, String key) {
    Map<String, Object> progress = results.progress(BATCH);
    return progress.get(key) instanceof Number n ? n.longValue() : 0;
  }

  /** The API a permission is checked by. */
  static final class Apis {
    static String of(String permission) {
      String service = permission.substring(0, permission.indexOf('.'));
      return switch (service) {
        case "iam" ->
            permission.equals("iam.serviceAccounts.signBlob")
                ? "iamcredentials.googleapis.com"
                : "iam.googleapis.com";
        default -> service + ".googleapis.com";
      };
    }
  }
}
