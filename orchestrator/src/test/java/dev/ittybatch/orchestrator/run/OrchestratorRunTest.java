package dev.ittybatch.orchestrator.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

/** The orchestrator as a command: what it enqueues and how it reports. */
class OrchestratorRunTest extends OrchestratorTestBase {

  @Test
  void createsOneNamedAuthenticatedHttpTaskPerEntry() throws IOException {
    Path file = manifest("library.jsonl", entries(3));

    assertThat(run("--manifest=" + file, "--batch-id=lib-1")).isEqualTo(ExitCodes.OK);

    assertThat(cloudTasks.tasks).hasSize(3);
    CreateTaskRequest request =
        cloudTasks.calls.stream()
            .filter(
                call -> call.getTask().getHttpRequest().getBody().toStringUtf8().contains("/0.mov"))
            .findFirst()
            .orElseThrow();
    assertThat(request.getParent()).isEqualTo(QUEUE);
    assertThat(request.getTask().getName()).matches(QUEUE + "/tasks/lib-1-[0-9a-f]{32}");
    HttpRequest http = request.getTask().getHttpRequest();
    assertThat(http.getUrl()).isEqualTo(HANDLER);
    assertThat(http.getHttpMethod()).isEqualTo(HttpMethod.POST);
    assertThat(http.getHeadersMap()).containsEntry("Content-Type", "application/json");
    assertThat(http.getOidcToken().getServiceAccountEmail()).isEqualTo(INVOKER);
    assertThat(http.getOidcToken().getAudience()).isEqualTo(HANDLER);
    JsonNode body = JSON.readTree(http.getBody().toStringUtf8());
    assertThat(body.get("batch_id").stringValue()).isEqualTo("lib-1");
    assertThat(body.get("entry_id").stringValue()).matches("[0-9a-f]{32}");
    assertThat(request.getTask().getName()).endsWith(body.get("entry_id").stringValue());
    assertThat(body.get("line").asInt()).isEqualTo(1);
    assertThat(body.get("path").stringValue()).isEqualTo("gs://media-lib/videos/0.mov");
    assertThat(body.get("kind").stringValue()).isEqualTo("video");
    assertThat(body.get("options").get("width").asInt()).isEqualTo(1920);
  }

  @Test
  void reRunningEnqueuesNothingTwice(CapturedOutput output) throws IOException {
    Path file = manifest("library.jsonl", entries(20));
    assertThat(run("--manifest=" + file)).isEqualTo(ExitCodes.OK);
    assertThat(run("--manifest=" + file)).isEqualTo(ExitCodes.OK);

    assertThat(cloudTasks.tasks).hasSize(20);
    assertThat(cloudTasks.calls).hasSize(40);
    assertThat(output.getOut()).contains("enqueued 0, already enqueued 20, skipped 0, failed 0");
    assertThat(cloudTasks.tasks.keySet()).allMatch(name -> name.contains("/tasks/library-"));
  }

  @Test
  void retriesTransientErrorsUntilTheTaskIsCreated() throws IOException {
    List<Status> transients =
        List.of(
            Status.UNAVAILABLE,
            Status.DEADLINE_EXCEEDED,
            Status.RESOURCE_EXHAUSTED,
            Status.INTERNAL);
    cloudTasks.faults =
        (request, attempt) -> attempt <= 2 ? transients.get(request.hashCode() & 3) : null;
    Path file = manifest("library.jsonl", entries(10));

    assertThat(run("--manifest=" + file)).isEqualTo(ExitCodes.OK);
    assertThat(cloudTasks.tasks).hasSize(10);
    assertThat(cloudTasks.calls).hasSize(30);
  }

  @Test
  void exhaustedRetriesFailTheRunSoACloudRunRetryResumes(CapturedOutput output) throws IOException {
    cloudTasks.faults =
        (request, attempt) ->
            request.getTask().getHttpRequest().getBody().toStringUtf8().contains("/3.mov")
                ? Status.UNAVAILABLE
                : null;
    Path file = manifest("library.jsonl", entries(5));

    assertThat(run(Map.of("orchestrator.create-attempts", "3"), "--manifest=" + file))
        .isEqualTo(ExitCodes.SOME_FAILED);
    assertThat(cloudTasks.tasks).hasSize(4);
    assertThat(output.getErr()).contains("1 tasks could not be created after retries");

    cloudTasks.faults = (request, attempt) -> null;
    assertThat(run("--manifest=" + file)).isEqualTo(ExitCodes.OK);
    assertThat(cloudTasks.tasks).hasSize(5);
  }

  @Test
  void aPermanentErrorStopsTheRunAndSaysWhatToFix(CapturedOutput output) throws IOException {
    cloudTasks.faults = (request, attempt) -> Status.PERMISSION_DENIED;
    Path file = manifest("library.jsonl", entries(500));

    assertThat(run("--manifest=" + file, "--concurrency=4")).isEqualTo(ExitCodes.QUEUE_REFUSED);
    assertThat(cloudTasks.calls.size()).as("stopped early").isLessThan(50);
    assertThat(output.getErr())
        .contains("PERMISSION_DENIED")
        .contains("roles/cloudtasks.enqueuer")
        .contains(INVOKER);
  }

  @Test
  void aMissingQueueSaysHowToCreateIt(CapturedOutput output) throws IOException {
    cloudTasks.faults = (request, attempt) -> Status.NOT_FOUND.withDescription("Queue not found");
    Path file = manifest("library.jsonl", entries(3));

    assertThat(run("--manifest=" + file)).isEqualTo(ExitCodes.QUEUE_REFUSED);
    assertThat(output.getErr()).contains("queue " + QUEUE + " does not exist");
  }

  @Test
  void anInvalidManifestEnqueuesNothingAndListsEachProblem(CapturedOutput output)
      throws IOException {
    Path file =
        manifest(
            "library.jsonl",
            entry(1),
            "{\"path\":\"gs://media-lib/a.mov\",\"kind\":\"vidoe\"}",
            entry(2),
            "not json");

    assertThat(run("--manifest=" + file)).isEqualTo(ExitCodes.INVALID_MANIFEST);
    assertThat(cloudTasks.calls).isEmpty();
    assertThat(output.getErr())
        .contains(file + ": 2 valid, 2 invalid")
        .contains(
            file
                + ":2: kind \"vidoe\" is not one of video, audio, image, animation,"
                + " adaptive_video")
        .contains(file + ":4: invalid JSON")
        .contains("--skip-invalid");
  }

  @Test
  void skipInvalidEnqueuesTheRestAndWritesEveryRejectedLine(CapturedOutput output)
      throws IOException {
    Path file =
        manifest(
            "library.jsonl",
            entry(1),
            "{\"path\":\"s3://x/a.mov\",\"kind\":\"video\"}",
            entry(2),
            "{\"path\":\"gs://media-lib/b.mov\",\"kind\":\"video\",\"options\":{\"fps\":90}}");
    Path rejects = dir.resolve("out/rejects.jsonl");

    assertThat(run("--manifest=" + file, "--skip-invalid", "--rejects=" + rejects))
        .isEqualTo(ExitCodes.OK);
    assertThat(cloudTasks.tasks).hasSize(2);
    List<String> rows = Files.readAllLines(rejects);
    assertThat(rows).hasSize(2);
    JsonNode first = JSON.readTree(rows.get(0));
    assertThat(first.get("line").asInt()).isEqualTo(2);
    assertThat(first.get("reason").stringValue()).startsWith("\"path\" must start with gs://");
    assertThat(JSON.readTree(rows.get(1)).get("line").asInt()).isEqualTo(4);
    assertThat(output.getErr()).contains(file + ":4: option \"fps\" must be a number from 1 to 60");
  }

  @Test
  void dryRunCountsPerKindAndEnqueuesNothing(CapturedOutput output) throws IOException {
    Path file =
        manifest(
            "library.jsonl",
            entry(1),
            entry(2),
            "{\"path\":\"gs://media-lib/a.wav\",\"kind\":\"audio\"}");

    assertThat(run("--manifest=" + file, "--dry-run")).isEqualTo(ExitCodes.OK);
    assertThat(cloudTasks.calls).isEmpty();
    assertThat(output.getOut()).contains("3 valid, 0 invalid (video 2, audio 1)");
  }

  @Test
  void shardsTogetherCoverEveryEntryExactlyOnce() throws IOException {
    Path file = manifest("library.jsonl", entries(300));
    int shards = 3;
    Set<String> seen = new HashSet<>();
    for (int index = 0; index < shards; index++) {
      int before = cloudTasks.tasks.size();
      assertThat(
              run(
                  Map.of(
                      "CLOUD_RUN_TASK_INDEX", String.valueOf(index),
                      "CLOUD_RUN_TASK_COUNT", String.valueOf(shards)),
                  "--manifest=" + file))
          .isEqualTo(ExitCodes.OK);
      int created = cloudTasks.tasks.size() - before;
      assertThat(created).as("shard %d takes a fair share", index).isBetween(60, 140);
    }
    cloudTasks.calls.forEach(call -> assertThat(seen.add(call.getTask().getName())).isTrue());
    assertThat(seen).hasSize(300);
  }

  @Test
  void streamsAGzippedManifestFromCloudStorage() throws IOException {
    WireMockServer gcs = new WireMockServer(wireMockConfig().dynamicPort());
    gcs.start();
    try {
      java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
      try (var gzip = new java.util.zip.GZIPOutputStream(zipped)) {
        gzip.write((String.join("\n", entries(50)) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      byte[] bytes = zipped.toByteArray();
      String object = "/storage/v1/b/manifests/o/runs%2Flibrary.jsonl.gz";
      // Media downloads go to the /download prefix of the JSON API.
      gcs.stubFor(
          get(urlPathEqualTo("/download" + object))
              .withQueryParam("alt", WireMock.equalTo("media"))
              .willReturn(aResponse().withStatus(200).withBody(bytes)));
      gcs.stubFor(
          get(urlPathEqualTo(object))
              .withQueryParam("alt", WireMock.absent())
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"bucket\":\"manifests\",\"name\":\"runs/library.jsonl.gz\","
                              + "\"size\":\""
                              + bytes.length
                              + "\",\"generation\":\"1\"}")));

      int exit =
          run(
              Map.of("STORAGE_EMULATOR_HOST", "http://127.0.0.1:" + gcs.port()),
              "--manifest=gs://manifests/runs/library.jsonl.gz");

      assertThat(exit).isEqualTo(ExitCodes.OK);
      assertThat(cloudTasks.tasks).hasSize(50);
      assertThat(cloudTasks.tasks.keySet()).allMatch(name -> name.contains("/tasks/library-"));
    } finally {
      gcs.stop();
    }
  }

  @Test
  void aMissingManifestIsReportedByName(CapturedOutput output) {
    assertThat(run("--manifest=" + dir.resolve("nope.jsonl")))
        .isEqualTo(ExitCodes.INVALID_MANIFEST);
    assertThat(output.getErr()).contains("nope.jsonl: no such file");
  }

  @Test
  void anEmulatorHostWithoutTheIdentityItNamesFailsStartupNamingTheVariable(CapturedOutput output) {
    assertThatThrownBy(() -> run(Map.of("EMULATOR_IDENTITY", ""), "--manifest=x.jsonl"))
        .isInstanceOf(RuntimeException.class);
    assertThat(output).contains("set EMULATOR_IDENTITY");
  }

  @Test
  void missingConfigurationFailsStartupNamingTheVariable(CapturedOutput output) {
    assertThatThrownBy(() -> run(Map.of("HANDLER_URL", ""), "--manifest=x.jsonl"))
        .isInstanceOf(RuntimeException.class);
    assertThat(output).contains("set HANDLER_URL to the task-handler's URL");
  }

  @Test
  void aServiceAccountIsRequiredEvenAgainstAnEmulator(CapturedOutput output) {
    // Locally the deployment's configuration is given as it is: tasks carry the invoker's token.
    assertThatThrownBy(() -> run(Map.of("SERVICE_ACCOUNT_EMAIL", ""), "--manifest=x.jsonl"))
        .isInstanceOf(RuntimeException.class);
    assertThat(output).contains("set SERVICE_ACCOUNT_EMAIL");
  }

  @Test
  void aBadOptionIsReportedWithUsage(CapturedOutput output) {
    assertThatThrownBy(() -> run("--manifest=x.jsonl", "--concurrency=lots"))
        .isInstanceOf(RuntimeException.class);
    assertThat(output).contains("--concurrency must be a whole number from 1 to 2000, found lots");
  }
}
