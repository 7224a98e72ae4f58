package dev.ittybatch.common.ittybit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client's bytes on the wire, against WireMock playing Ittybit. */
class IttybitClientTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  WireMockServer ittybit;

  @BeforeEach
  void start() {
    ittybit = new WireMockServer(wireMockConfig().dynamicPort());
    ittybit.start();
  }

  @AfterEach
  void stop() {
    ittybit.stop();
  }

  IttybitClient client(String basePath, String version) {
    return IttybitClient.create(
        new IttybitProperties(
            "itty_key_0123456789",
            "http://127.0.0.1:" + ittybit.port(),
            basePath,
            version,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2)),
        JSON);
  }

  @Test
  void sendsNoVersionHeaderAndNoBasePathByDefault() {
    ittybit.stubFor(get(urlPathEqualTo("/jobs")).willReturn(okJson("[]")));

    assertThat(client("", null).listJobs(1).ok()).isTrue();

    ittybit.verify(
        getRequestedFor(urlEqualTo("/jobs?limit=1"))
            .withHeader("Authorization", equalTo("Bearer itty_key_0123456789"))
            .withHeader(IttybitClient.API_VERSION_HEADER, absent()));
  }

  @Test
  void sendsTheConfiguredVersionHeaderUnderTheConfiguredBasePath() {
    ittybit.stubFor(get(urlPathEqualTo("/v1/jobs/job_1")).willReturn(okJson("{\"id\":\"job_1\"}")));

    assertThat(client("/v1/", "2025-08-20").getJob("job_1").jobId()).isEqualTo("job_1");

    ittybit.verify(
        getRequestedFor(urlEqualTo("/v1/jobs/job_1"))
            .withHeader(IttybitClient.API_VERSION_HEADER, equalTo("2025-08-20")));
  }

  @Test
  void listsJobsByInputWithTheWholeSignedUrlAsOneValue() {
    ittybit.stubFor(get(urlPathEqualTo("/jobs")).willReturn(okJson("[]")));
    String signed = "https://storage.example/b/a.mov?X-Goog-Date=1&X-Goog-Signature=ab+c/d=";

    assertThat(client("", null).listJobsByInput(signed).ok()).isTrue();

    ittybit.verify(
        getRequestedFor(urlPathEqualTo("/jobs"))
            .withQueryParam("input", equalTo(signed))
            .withQueryParam("limit", equalTo("100")));
  }

  @Test
  void readsEndpointListsAsABareArrayOrInADataEnvelope() {
    ittybit.stubFor(
        get(urlPathEqualTo("/webhooks/endpoints"))
            .willReturn(okJson("[{\"id\":\"we_1\",\"url\":\"https://h/w\"}]")));
    JsonNode bare = client("", null).listWebhookEndpoints(null).body();
    assertThat(IttybitClient.items(bare))
        .extracting(e -> e.get("id").stringValue())
        .containsExactly("we_1");
    assertThat(IttybitClient.items(JSON.readTree("{\"data\":[{\"id\":\"we_2\"}]}")))
        .extracting(e -> e.get("id").stringValue())
        .containsExactly("we_2");
    assertThat(IttybitClient.items(JSON.readTree("{\"id\":\"we_3\"}"))).isEmpty();
    ittybit.verify(getRequestedFor(urlEqualTo("/webhooks/endpoints?limit=100")));

    client("", null).listWebhookEndpoints("we_1");
    ittybit.verify(getRequestedFor(urlEqualTo("/webhooks/endpoints?limit=100&after=we_1")));
  }

  @Test
  void registersAnEndpointWithItsTopicsUnderAnIdempotencyKey() {
    ittybit.stubFor(
        post(urlPathEqualTo("/webhooks/endpoints"))
            .willReturn(okJson("{\"id\":\"we_9\",\"secret\":\"whsec_x\"}").withStatus(201)));

    IttybitClient.Response answer =
        client("", null)
            .createWebhookEndpoint(
                "https://h/webhook?token=t",
                List.of("task.succeeded", "task.failed"),
                "0123456789abcdef0123456789abcdef");

    assertThat(answer.status()).isEqualTo(201);
    ittybit.verify(
        postRequestedFor(urlEqualTo("/webhooks/endpoints"))
            .withHeader("Idempotency-Key", equalTo("0123456789abcdef0123456789abcdef"))
            .withRequestBody(
                equalToJson(
                    "{\"url\":\"https://h/webhook?token=t\","
                        + "\"topics\":[\"task.succeeded\",\"task.failed\"]}")));
  }
}
