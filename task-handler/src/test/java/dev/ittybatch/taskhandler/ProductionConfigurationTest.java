package dev.ittybatch.taskhandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.testing.FakeCloud;
import dev.ittybatch.common.testing.LoopbackHttp;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as Cloud Run starts it: no store chosen, so BigQuery, here WireMock serving the
 * insertAll endpoint. An outcome row must reach it before the task is acknowledged.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = TaskHandlerApplication.CONFIG)
class ProductionConfigurationTest {

  static final WireMockServer CLOUD = FakeCloud.start();

  @AfterAll
  static void stop() {
    CLOUD.stop();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    FakeCloud.register(registry, CLOUD);
    registry.add("WEBHOOK_URL", () -> "https://webhook.example.com/webhook");
  }

  @Autowired ResultsStore store;
  @LocalServerPort int port;

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

    int status =
        LoopbackHttp.client()
            .post()
            .uri("http://127.0.0.1:" + port + "/")
            .contentType(MediaType.APPLICATION_JSON)
            .header("X-CloudTasks-TaskRetryCount", "0")
            .body(
                "{\"batch_id\":\"prod\",\"entry_id\":\"0123456789abcdef0123456789abcdef\","
                    + "\"line\":1,\"path\":\"https://cdn.example.com/a.mov\",\"kind\":\"video\","
                    + "\"enqueued_at\":"
                    + Instant.now().getEpochSecond()
                    + "}")
            .retrieve()
            .toBodilessEntity()
            .getStatusCode()
            .value();

    assertThat(status).isEqualTo(200);
    assertThat(CLOUD.findAll(postRequestedFor(urlPathEqualTo(FakeCloud.INSERT_ALL))))
        .singleElement()
        .satisfies(
            request ->
                assertThat(request.getBodyAsString())
                    .contains("\"status\":\"rejected\"")
                    .contains("\"error_kind\":\"invalid_input\""));
  }
}
