package dev.ittybatch.orchestrator.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.orchestrator.FakeCloudTasks;
import dev.ittybatch.orchestrator.OrchestratorApplication;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator as Cloud Run runs it, with BigQuery and Cloud Storage played by WireMock at the
 * protocol level: the batch's state is a query, each ledger chunk an NDJSON object in {@code
 * LEDGER_LOCATION} loaded by a load job, before any task is created.
 */
class ProductionLedgerTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String JOBS = "/bigquery/v2/projects/proj-1/jobs";

  WireMockServer cloud;
  FakeCloudTasks cloudTasks;

  @BeforeEach
  void start() throws Exception {
    cloud = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    cloud.start();
    cloudTasks = new FakeCloudTasks();
  }

  @AfterEach
  void stop() throws InterruptedException {
    cloud.stop();
    cloudTasks.close();
  }

  static String entry(int i) {
    return "{\"path\":\"gs://media-lib/v/" + i + ".mov\",\"kind\":\"video\"}";
  }

  void manifest(int entries) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < entries; i++) {
      body.append(entry(i)).append('\n');
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    String object = "/storage/v1/b/manifests/o/runs%2Flib.jsonl";
    cloud.stubFor(
        get(urlPathEqualTo("/download" + object))
            .willReturn(aResponse().withStatus(200).withBody(bytes)));
    cloud.stubFor(
        get(urlPathEqualTo(object))
            .withQueryParam("alt", WireMock.absent())
            .willReturn(
                okJson(
                    "{\"bucket\":\"manifests\",\"name\":\"runs/lib.jsonl\",\"size\":\""
                        + bytes.length
                        + "\",\"generation\":\"1700000000000001\"}")));
  }

  /** batch_state answers that entry 0 already succeeded: it must be skipped. */
  void stateSays(String settledEntryId) {
    cloud.stubFor(
        post(urlPathEqualTo("/bigquery/v2/projects/proj-1/queries"))
            .willReturn(
                okJson(
                    "{\"kind\":\"bigquery#queryResponse\",\"jobComplete\":true,\"totalRows\":\"1\","
                        + "\"jobReference\":{\"projectId\":\"proj-1\",\"jobId\":\"q1\","
                        + "\"location\":\"EU\"},"
                        + "\"schema\":{\"fields\":["
                        + "{\"name\":\"entry_id\",\"type\":\"STRING\"},"
                        + "{\"name\":\"generation\",\"type\":\"INTEGER\"},"
                        + "{\"name\":\"status\",\"type\":\"STRING\"},"
                        + "{\"name\":\"status_at\",\"type\":\"TIMESTAMP\"}]},"
                        + "\"rows\":[{\"f\":[{\"v\":\""
                        + settledEntryId
                        + "\"},{\"v\":\"0\"},{\"v\":\"succeeded\"},{\"v\":\"1.7E9\"}]}]}")));
    cloud.stubFor(
        post(urlPathEqualTo("/upload/storage/v1/b/manifests/o"))
            .willReturn(
                okJson(
                    "{\"bucket\":\"manifests\",\"name\":\"ledger/x.ndjson\","
                        + "\"generation\":\"1\"}")));
    String doneJob =
        "{\"kind\":\"bigquery#job\",\"id\":\"proj-1:EU.load\",\"jobReference\":{\"projectId\":"
            + "\"proj-1\",\"jobId\":\"load\",\"location\":\"EU\"},\"status\":{\"state\":\"DONE\"},"
            + "\"configuration\":{\"load\":{\"sourceUris\":[\"gs://manifests/x.ndjson\"],"
            + "\"destinationTable\":{\"projectId\":\"proj-1\",\"datasetId\":\"ittybatch\","
            + "\"tableId\":\"batch_entries\"}}}}";
    cloud.stubFor(post(urlPathEqualTo(JOBS)).willReturn(okJson(doneJob)));
    cloud.stubFor(get(urlPathMatching(JOBS + "/.*")).willReturn(okJson(doneJob)));
  }

  /** The entry id the manifest reader gives a line. */
  static String entryId(String line) {
    try (ManifestReader reader =
        ManifestReader.open(
            new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), "m")) {
      return ((ManifestRecord.Valid) reader.next()).entry().entryId().value();
    }
  }

  int run(String... args) {
    Map<String, Object> env = new HashMap<>();
    env.put("GCP_PROJECT", "proj-1");
    env.put("GCP_LOCATION", "europe-west1");
    env.put("HANDLER_URL", "https://task-handler.example/");
    env.put("SERVICE_ACCOUNT_EMAIL", "invoker@proj-1.iam.gserviceaccount.com");
    env.put("CLOUD_TASKS_EMULATOR_HOST", cloudTasks.target());
    env.put("STORAGE_EMULATOR_HOST", "http://127.0.0.1:" + cloud.port());
    env.put("BIGQUERY_EMULATOR_HOST", "http://127.0.0.1:" + cloud.port());
    env.put("EMULATOR_IDENTITY", "ittybatch-orchestrator@proj-1.iam.gserviceaccount.com");
    env.put("CLOUD_RUN_EXECUTION", "ittybatch-abc12");
    env.put("LEDGER_LOCATION", "gs://manifests/ledger/");
    env.put("BIGQUERY_LOCATION", "europe-west1");
    env.put("LOG_FORMAT", "");
    return SpringApplication.exit(
        new SpringApplicationBuilder(OrchestratorApplication.class)
            .properties(OrchestratorApplication.CONFIG)
            .properties(env)
            .run(args));
  }

  @Test
  void loadsTheLedgerFromLedgerLocationAndSkipsWhatTheStateSaysIsDone() {
    manifest(4);
    String settled = entryId(entry(0));
    stateSays(settled);

    assertThat(run("--manifest=gs://manifests/runs/lib.jsonl")).isEqualTo(ExitCodes.OK);

    assertThat(cloudTasks.tasks)
        .hasSize(3)
        .noneSatisfy((name, task) -> assertThat(name).contains(settled));
    // The state query (after the batch's life, asked first: a paused batch enqueues nothing):
    // parameterised, in the configured dataset.
    JsonNode query =
        cloud
            .findAll(postRequestedFor(urlPathEqualTo("/bigquery/v2/projects/proj-1/queries")))
            .stream()
            .map(request -> JSON.readTree(request.getBodyAsString()))
            .filter(body -> !body.get("query").asString().contains("batch_events"))
            .findFirst()
            .orElseThrow();
    assertThat(query.get("query").asString())
        .contains("batch_entries")
        .doesNotContain("ittybatch.");
    assertThat(query.get("defaultDataset").get("datasetId").asString()).isEqualTo("ittybatch");
    assertThat(query.get("queryParameters").get(0).get("name").asString()).isEqualTo("batch_id");

    // Ledger files: uploaded only if absent, into LEDGER_LOCATION, named by the execution.
    List<LoggedRequest> uploads =
        cloud.findAll(postRequestedFor(urlPathEqualTo("/upload/storage/v1/b/manifests/o")));
    assertThat(uploads).hasSize(3);
    assertThat(uploads).allSatisfy(u -> assertThat(u.getUrl()).contains("ifGenerationMatch=0"));
    String entries =
        uploads.stream()
            .map(LoggedRequest::getBodyAsString)
            .filter(body -> body.contains("batch_entries"))
            .findFirst()
            .orElseThrow();
    assertThat(entries)
        .contains("ledger/lib/ittybatch-abc12-t0-a0-")
        .contains(
            "\"task_name\":\"projects/proj-1/locations/europe-west1/queues/ittybit-batch/tasks/lib-")
        .contains("\"enqueued_at\":\"20")
        .containsPattern(
            "\"recorded_at\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00\"");
    // Load jobs: append to the ledger tables from those files, never creating a table.
    List<JsonNode> loads =
        cloud.findAll(postRequestedFor(urlPathEqualTo(JOBS))).stream()
            .map(request -> JSON.readTree(request.getBodyAsString()))
            .toList();
    assertThat(loads).hasSize(3);
    assertThat(loads)
        .allSatisfy(
            job -> {
              JsonNode load = job.get("configuration").get("load");
              assertThat(load.get("sourceFormat").asString()).isEqualTo("NEWLINE_DELIMITED_JSON");
              assertThat(load.get("writeDisposition").asString()).isEqualTo("WRITE_APPEND");
              assertThat(load.get("createDisposition").asString()).isEqualTo("CREATE_NEVER");
              assertThat(load.get("sourceUris").get(0).asString())
                  .startsWith("gs://manifests/ledger/lib/ittybatch-abc12-t0-a0-");
              assertThat(job.get("jobReference").get("jobId").asString())
                  .startsWith("ittybatch_ledger_");
            });
    assertThat(
            loads.stream()
                .map(
                    j ->
                        j.get("configuration")
                            .get("load")
                            .get("destinationTable")
                            .get("tableId")
                            .asString()))
        .containsExactly("batch_runs", "batch_entries", "batch_runs");
    cloud.verify(
        postRequestedFor(urlPathEqualTo(JOBS)).withRequestBody(containing("batch_entries")));
  }

  @Test
  void namesTheDatasetLocationOnEveryJobAndOnTheLookUpAfterAConflict() {
    manifest(2);
    stateSays(entryId(entry(0)));
    // Every load answers 409, as when a retried call's first try did start the job: the store then
    // looks the job up, and outside the US and EU multi-regions a job is found only with its
    // location.
    cloud.stubFor(
        post(urlPathEqualTo(JOBS))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":409,\"message\":\"Already Exists: Job\","
                            + "\"errors\":[{\"message\":\"Already Exists: Job\",\"domain\":"
                            + "\"global\",\"reason\":\"duplicate\"}],\"status\":\"ALREADY_EXISTS\"}}")));
    cloud.stubFor(
        get(urlPathMatching(JOBS + "/.*"))
            .willReturn(
                okJson(
                    "{\"kind\":\"bigquery#job\",\"jobReference\":{\"projectId\":\"proj-1\","
                        + "\"jobId\":\"load\",\"location\":\"europe-west1\"},"
                        // Created long ago: the client's own look-up after a 409 gives up on it,
                        // so the store's look-up runs too.
                        + "\"statistics\":{\"creationTime\":\"1700000000000\"},"
                        + "\"configuration\":{\"load\":{\"sourceUris\":[\"gs://manifests/x\"],"
                        + "\"destinationTable\":{\"projectId\":\"proj-1\",\"datasetId\":"
                        + "\"ittybatch\",\"tableId\":\"batch_runs\"}}},"
                        + "\"status\":{\"state\":\"DONE\"}}")));

    assertThat(run("--manifest=gs://manifests/runs/lib.jsonl")).isEqualTo(ExitCodes.OK);

    assertThat(cloud.findAll(postRequestedFor(urlPathEqualTo(JOBS))))
        .isNotEmpty()
        .allSatisfy(
            load ->
                assertThat(
                        JSON.readTree(load.getBodyAsString())
                            .path("jobReference")
                            .path("location")
                            .asString())
                    .isEqualTo("europe-west1"));
    assertThat(cloud.findAll(getRequestedFor(urlPathMatching(JOBS + "/.*"))))
        .isNotEmpty()
        .allSatisfy(
            lookUp ->
                assertThat(lookUp.queryParameter("location").values())
                    .as(lookUp.getUrl())
                    .containsExactly("europe-west1"));
    assertThat(
            cloud
                .findAll(postRequestedFor(urlPathEqualTo("/bigquery/v2/projects/proj-1/queries")))
                .stream()
                .map(query -> JSON.readTree(query.getBodyAsString()).path("location").asString()))
        .isNotEmpty()
        .containsOnly("europe-west1");
  }
}
