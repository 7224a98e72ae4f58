package dev.ittybatch.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.common.testing.LoopbackHttp;
import dev.ittybatch.webhook.delivery.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole service on a real port with the DuckDB store, as the local run uses it. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = WebhookHandlerApplication.CONFIG)
@ExtendWith(OutputCaptureExtension.class)
class WebhookHandlerApplicationTests {

  static final String SECRET = "local-webhook-secret";
  static final String TOKEN = "internal-token-0123456789";
  static final String ENTRY = "0123456789abcdef0123456789abcdef";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Path DB = Path.of("target", "test-data", "app-" + System.nanoTime() + ".duckdb");
  static final WireMockServer ITTYBIT = new WireMockServer(wireMockConfig().dynamicPort());

  static {
    ITTYBIT.start();
  }

  @AfterAll
  static void stopIttybit() {
    ITTYBIT.stop();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("RESULTS_STORE", () -> "duckdb");
    registry.add("DUCKDB_PATH", DB::toString);
    registry.add("RESULTS_INTERNAL_TOKEN", () -> TOKEN);
    registry.add("WEBHOOK_SECRET", () -> SECRET);
    registry.add("ITTYBIT_API_KEY", () -> "itty_sk_test_app");
    registry.add("ITTYBIT_BASE_URL", () -> "http://127.0.0.1:" + ITTYBIT.port());
  }

  @LocalServerPort int port;

  RestClient client() {
    return LoopbackHttp.client().mutate().baseUrl("http://127.0.0.1:" + port).build();
  }

  /** POSTs JSON with one header; returns the status. */
  int post(String uri, String header, String value, String json) {
    return client()
        .post()
        .uri(uri)
        .header(header, value)
        .contentType(MediaType.APPLICATION_JSON)
        .body(json)
        .retrieve()
        .toBodilessEntity()
        .getStatusCode()
        .value();
  }

  JsonNode getWithToken(String uri) {
    return JSON.readTree(
        client()
            .get()
            .uri(uri)
            .header("Authorization", "Bearer " + TOKEN)
            .retrieve()
            .body(String.class));
  }

  @Test
  void reportsHealthy() {
    String body = client().get().uri("/actuator/health").retrieve().body(String.class);
    assertThat(body).contains("\"status\":\"UP\"");
  }

  @Test
  void aSignedWebhookAndATaskHandlerRowShowInProgress() {
    String event =
        "{\"id\":\"evt_9\",\"object\":\"event\",\"kind\":\"task.succeeded\",\"data\":{\"id\":"
            + "\"job_1\",\"status\":\"succeeded\",\"kind\":\"video\",\"metadata\":{\"batch_id\":"
            + "\"app-test\",\"entry_id\":\""
            + ENTRY
            + "\"},\"created_at\":1764331200000,\"finished_at\":1764331202000}}";
    ITTYBIT.stubFor(
        get(urlPathEqualTo("/jobs/job_1"))
            .withHeader("Authorization", equalTo("Bearer itty_sk_test_app"))
            .willReturn(
                okJson(event.substring(event.indexOf("\"data\":") + 7, event.length() - 1))));
    String signature =
        "sha256="
            + HexFormat.of()
                .formatHex(SignatureVerifier.hmac(SECRET, event.getBytes(StandardCharsets.UTF_8)));
    assertThat(post("/webhook", "Ittybit-Signature", signature, event)).isEqualTo(200);

    String rows =
        "[{\"event_id\":\"rejected-app-test-ffffffffffffffffffffffffffffffff\",\"batch_id\":"
            + "\"app-test\",\"entry_id\":\"ffffffffffffffffffffffffffffffff\",\"status\":"
            + "\"rejected\",\"received_at\":\"2026-11-28T10:00:00Z\",\"error_kind\":"
            + "\"object_not_found\",\"origin\":\"task-handler\"}]";
    assertThat(post("/internal/results", "X-Unrelated", "none", rows)).isEqualTo(401);
    assertThat(post("/internal/results", "Authorization", "Bearer " + TOKEN, rows)).isEqualTo(200);

    JsonNode progress = getWithToken("/progress?batch_id=app-test");
    assertThat(progress.get("total").asInt()).isEqualTo(2);
    assertThat(progress.get("succeeded").asInt()).isEqualTo(1);
    assertThat(progress.get("rejected").asInt()).isEqualTo(1);

    JsonNode reports = getWithToken("/reports?batch_id=app-test");
    assertThat(
            reports.get("processing_time_by_kind").get(0).get("avg_processing_seconds").asDouble())
        .isEqualTo(2.0);
    assertThat(reports.get("database").stringValue()).endsWith(".duckdb");
  }

  @Test
  void theLedgerAndTheQueriesNeedTheTokenAndQueriesStreamAsJsonLines() {
    String entries =
        "[{\"batch_id\":\"ledger-test\",\"entry_id\":\""
            + ENTRY
            + "\",\"line\":1,\"path\":\"gs://b/o.mov\",\"kind\":\"video\",\"generation\":0,"
            + "\"task_name\":\"projects/p/locations/l/queues/q/tasks/t\",\"enqueued_at\":"
            + "\"2026-11-28T10:00:00Z\",\"run_id\":\"r1\",\"recorded_at\":\"2026-11-28T10:00:01Z\"}]";
    String run =
        "{\"batch_id\":\"ledger-test\",\"run_id\":\"r1\",\"mode\":\"enqueue\",\"manifest_uri\":"
            + "\"gs://m/ledger-test.jsonl\",\"shard_index\":0,\"shard_count\":1,\"started_at\":"
            + "\"2026-11-28T10:00:00Z\"}";
    assertThat(post("/internal/ledger/entries", "X-Unrelated", "none", entries)).isEqualTo(401);
    assertThat(post("/internal/ledger/runs", "X-Unrelated", "none", run)).isEqualTo(401);
    assertThat(post("/internal/ledger/entries", "Authorization", "Bearer " + TOKEN, entries))
        .isEqualTo(200);
    assertThat(post("/internal/ledger/runs", "Authorization", "Bearer " + TOKEN, run))
        .isEqualTo(200);

    String lines =
        client()
            .get()
            .uri("/internal/query/batch_state?batch_id=ledger-test")
            .header("Authorization", "Bearer " + TOKEN)
            .retrieve()
            .body(String.class);
    JsonNode state = JSON.readTree(lines.strip());
    assertThat(state.get("entry_id").asString()).isEqualTo(ENTRY);
    assertThat(state.get("status").isNull()).isTrue();
    assertThat(state.get("task_name").asString()).endsWith("/tasks/t");
    assertThat(getWithToken("/progress?batch_id=ledger-test").get("pending").asInt()).isEqualTo(1);

    int unauthenticated =
        client()
            .get()
            .uri("/internal/query/batch_state?batch_id=ledger-test")
            .retrieve()
            .toBodilessEntity()
            .getStatusCode()
            .value();
    assertThat(unauthenticated).isEqualTo(401);
    int unknown =
        client()
            .get()
            .uri("/internal/query/no_such_query?batch_id=x")
            .header("Authorization", "Bearer " + TOKEN)
            .retrieve()
            .toBodilessEntity()
            .getStatusCode()
            .value();
    assertThat(unknown).isEqualTo(404);
  }

  @Test
  void refusesToStartWithoutAnyVerification(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(WebhookHandlerApplication.class)
                    .properties(WebhookHandlerApplication.CONFIG)
                    .properties(
                        Map.of(
                            "server.port", "0",
                            "RESULTS_STORE", "duckdb",
                            "DUCKDB_PATH", "target/test-data/refused.duckdb",
                            "RESULTS_INTERNAL_TOKEN", TOKEN,
                            "ITTYBIT_API_KEY", "k"))
                    .run())
        .isInstanceOf(RuntimeException.class);
    assertThat(output).contains("set WEBHOOK_SECRET (HMAC signature) and/or WEBHOOK_TOKEN");
  }

  @Test
  void warnsWhenStartedUnsignedOnPurpose(CapturedOutput output) {
    try (var context =
        new SpringApplicationBuilder(WebhookHandlerApplication.class)
            .properties(WebhookHandlerApplication.CONFIG)
            .properties(
                Map.of(
                    "server.port", "0",
                    "RESULTS_STORE", "duckdb",
                    "DUCKDB_PATH", "target/test-data/unsigned-" + System.nanoTime() + ".duckdb",
                    "RESULTS_INTERNAL_TOKEN", TOKEN,
                    "WEBHOOK_ALLOW_UNSIGNED", "true",
                    "ITTYBIT_API_KEY", "k"))
            .run()) {
      assertThat(context.isRunning()).isTrue();
    }
    assertThat(output).contains("webhook deliveries are NOT authenticated");
  }
}
