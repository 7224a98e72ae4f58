package dev.ittybatch.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.testing.FakeCloud;
import dev.ittybatch.common.testing.LoopbackHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as Cloud Run starts it: token-checked webhooks, the job fetched from Ittybit, and the
 * row streamed to BigQuery (here WireMock, which also plays Ittybit).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = WebhookHandlerApplication.CONFIG)
class ProductionConfigurationTest {

  static final WireMockServer CLOUD = FakeCloud.start();

  @AfterAll
  static void stop() {
    CLOUD.stop();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    FakeCloud.register(registry, CLOUD);
    registry.add("WEBHOOK_TOKEN", () -> "production-url-token");
  }

  @Autowired ResultsStore store;
  @LocalServerPort int port;

  @Test
  void streamsTheFetchedJobToBigQueryBeforeAnswering() {
    assertThat(store).isInstanceOf(BigQueryResultsStore.class);
    CLOUD.stubFor(
        get(urlPathEqualTo("/jobs/job_1"))
            .willReturn(
                okJson(
                    "{\"id\":\"job_1\",\"status\":\"succeeded\",\"kind\":\"video\",\"metadata\":"
                        + "{\"batch_id\":\"prod\",\"entry_id\":"
                        + "\"0123456789abcdef0123456789abcdef\"}}")));
    FakeCloud.acceptInserts(CLOUD);

    int status =
        LoopbackHttp.client()
            .post()
            .uri("http://127.0.0.1:" + port + "/webhook?token=production-url-token")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"kind\":\"task.succeeded\",\"data\":{\"id\":\"task_1\",\"job_id\":\"job_1\"}}")
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
                    .contains("\"status\":\"succeeded\"")
                    .contains("\"batch_id\":\"prod\""));
  }
}
