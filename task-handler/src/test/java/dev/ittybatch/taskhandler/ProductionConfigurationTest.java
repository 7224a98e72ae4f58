package dev.ittybatch.taskhandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.testing.FakeCloud;
import dev.ittybatch.common.testing.LoopbackHttp;
import dev.ittybatch.taskhandler.signing.FakeIamCredentials;
import dev.ittybatch.taskhandler.signing.TestSigners;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as Cloud Run starts it, the endpoints swapped: BigQuery and Cloud Storage played by
 * WireMock, IAM's signBlob by a fake that signs with a key of its own. An outcome row must reach
 * BigQuery before the task is acknowledged, and a gs:// input is signed by IAM as the service's own
 * account.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = TaskHandlerApplication.CONFIG)
class ProductionConfigurationTest {

  static final WireMockServer CLOUD = FakeCloud.start();
  static final FakeIamCredentials IAM = FakeIamCredentials.start();

  @AfterAll
  static void stop() {
    CLOUD.stop();
    IAM.close();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    FakeCloud.register(registry, CLOUD);
    registry.add("WEBHOOK_URL", () -> "https://webhook.example.com/webhook");
    registry.add("STORAGE_EMULATOR_HOST", () -> "http://127.0.0.1:" + CLOUD.port());
    registry.add("IAM_CREDENTIALS_EMULATOR_HOST", IAM::target);
    registry.add("SIGNING_SERVICE_ACCOUNT", () -> TestSigners.ACCOUNT);
  }

  @Autowired ResultsStore store;
  @LocalServerPort int port;

  @BeforeEach
  void reset() {
    CLOUD.resetAll();
    IAM.calls.clear();
  }

  int deliver(String path) {
    return LoopbackHttp.client()
        .post()
        .uri("http://127.0.0.1:" + port + "/")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-CloudTasks-TaskRetryCount", "0")
        .body(
            "{\"batch_id\":\"prod\",\"entry_id\":\"0123456789abcdef0123456789abcdef\","
                + "\"line\":1,\"path\":\""
                + path
                + "\",\"kind\":\"video\",\"enqueued_at\":"
                + Instant.now().getEpochSecond()
                + "}")
        .retrieve()
        .toBodilessEntity()
        .getStatusCode()
        .value();
  }

  @Test
  void signsAnInputThroughIamAsItsOwnAccountAndNamesItselfToTheEmulators() {
    CLOUD.stubFor(
        get(urlPathEqualTo("/storage/v1/b/media-lib/o/a.mov"))
            .willReturn(okJson("{\"bucket\":\"media-lib\",\"name\":\"a.mov\"}")));
    CLOUD.stubFor(post(urlPathEqualTo("/jobs")).willReturn(okJson("{\"id\":\"job_9\"}")));
    FakeCloud.acceptInserts(CLOUD);

    assertThat(deliver("gs://media-lib/a.mov")).isEqualTo(200);

    assertThat(IAM.calls)
        .singleElement()
        .isEqualTo(
            new FakeIamCredentials.SignCall(
                "projects/-/serviceAccounts/" + TestSigners.ACCOUNT,
                "Bearer " + FakeCloud.IDENTITY));
    String input =
        CLOUD.findAll(postRequestedFor(urlPathEqualTo("/jobs"))).get(0).getBodyAsString();
    assertThat(input)
        .contains("http://127.0.0.1:" + CLOUD.port() + "/media-lib/a.mov?")
        .contains("X-Goog-Credential=" + TestSigners.ACCOUNT.replace("@", "%40"));
    assertThat(CLOUD.findAll(getRequestedFor(urlPathEqualTo("/storage/v1/b/media-lib/o/a.mov"))))
        .singleElement()
        .satisfies(
            request ->
                assertThat(request.getHeader("Authorization"))
                    .isEqualTo("Bearer " + FakeCloud.IDENTITY));
  }

  @Test
  void recordsTheOutcomeInBigQueryBeforeAcknowledging() {
    assertThat(store).isInstanceOf(BigQueryResultsStore.class);
    CLOUD.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"kind\":\"invalid_input\",\"message\":\"not media\"}")));
    FakeCloud.acceptInserts(CLOUD);

    assertThat(deliver("https://cdn.example.com/a.mov")).isEqualTo(200);
    assertThat(CLOUD.findAll(postRequestedFor(urlPathEqualTo(FakeCloud.INSERT_ALL))))
        .singleElement()
        .satisfies(
            request ->
                assertThat(request.getBodyAsString())
                    .contains("\"status\":\"rejected\"")
                    .contains("\"error_kind\":\"invalid_input\""));
  }
}
