package dev.ittybatch.local.ittybit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator held to Ittybit's documented contract: the rules a real Ittybit enforces are the
 * rules a green local run proves anything about.
 */
class IttybitSimulatorTest {

  static final String KEY = "itty_sk_simulator_test";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  WireMockServer webhooks;
  IttybitSimulator ittybit;

  @BeforeEach
  void start() {
    webhooks = new WireMockServer(wireMockConfig().dynamicPort());
    webhooks.start();
    webhooks.stubFor(post(urlPathEqualTo("/webhook")).willReturn(aResponse().withStatus(200)));
  }

  @AfterEach
  void stop() {
    if (ittybit != null) {
      ittybit.close();
    }
    webhooks.stop();
  }

  IttybitSimulator simulator(Faults faults) throws IOException {
    ittybit =
        new IttybitSimulator(
            new IttybitSimulator.Settings(
                KEY, "hook-secret", Duration.ofMillis(50), 1, faults, null, false));
    return ittybit;
  }

  String body(String input) {
    return "{\"input\":\""
        + input
        + "\",\"kind\":\"video\",\"options\":{\"width\":640},\"webhook_url\":\"http://127.0.0.1:"
        + webhooks.port()
        + "/webhook\",\"metadata\":{\"batch_id\":\"b\",\"entry_id\":\""
        + "0123456789abcdef0123456789abcdef\"}}";
  }

  HttpResponse<String> create(String key, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(ittybit.baseUrl() + "/jobs"))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> fetch(String id) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(ittybit.baseUrl() + "/jobs/" + id))
            .header("Authorization", "Bearer " + KEY)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refusesKeysOutsideSixteenToThirtyTwoCharacters() throws Exception {
    simulator(Faults.none());
    for (String key : new String[] {"k".repeat(15), "k".repeat(33)}) {
      HttpResponse<String> answer = create(key, body("https://m/a.mov"));
      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).get("kind").stringValue())
          .isEqualTo("request_invalid");
    }
    assertThat(create("k".repeat(16), body("https://m/a.mov")).statusCode()).isEqualTo(201);
    assertThat(create("j".repeat(32), body("https://m/a.mov")).statusCode()).isEqualTo(201);
    assertThat(ittybit.jobsCreated()).isEqualTo(2);
  }

  @Test
  void theSameKeyWithTheSameBodyReplaysTheOriginalAnswer() throws Exception {
    simulator(Faults.none());
    String key = "0123456789abcdef0123456789abcdef";
    HttpResponse<String> first = create(key, body("https://m/a.mov"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ittybit.counters().get("webhook_deliveries") > 0);
    HttpResponse<String> again = create(key, body("https://m/a.mov"));

    assertThat(again.statusCode()).isEqualTo(first.statusCode()).isEqualTo(201);
    assertThat(again.body())
        .as("the original answer, not the job as it is now")
        .isEqualTo(first.body());
    assertThat(ittybit.jobsCreated()).isEqualTo(1);
    assertThat(ittybit.counters().get("idempotent_replays")).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsAConflict() throws Exception {
    simulator(Faults.none());
    String key = "0123456789abcdef0123456789abcdef";
    create(key, body("https://m/a.mov?X-Goog-Date=20261130T090000Z"));
    HttpResponse<String> resigned =
        create(key, body("https://m/a.mov?X-Goog-Date=20261130T091500Z"));

    assertThat(resigned.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(resigned.body()).get("kind").stringValue())
        .isEqualTo("idempotency_conflict");
    assertThat(ittybit.jobsCreated()).isEqualTo(1);
  }

  @Test
  void servesTheJobWithItsMetadataAndOutputOnceFinished() throws Exception {
    simulator(Faults.none());
    String id =
        JSON.readTree(create("0123456789abcdef0123456789abcdef", body("https://m/a.mov")).body())
            .get("id")
            .stringValue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> JSON.readTree(fetch(id).body()).get("status").stringValue().equals("succeeded"));
    JsonNode job = JSON.readTree(fetch(id).body());
    assertThat(job.get("metadata").get("entry_id").stringValue())
        .isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(job.get("output").get("width").asInt()).isEqualTo(640);
    assertThat(fetch("job_999").statusCode()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !webhooks.findAll(postRequestedFor(urlPathEqualTo("/webhook"))).isEmpty());
  }

  @Test
  void aLostAnswerDropsTheConnectionAfterMakingTheJob() throws Exception {
    simulator(new Faults(0, 0, 0, 0, 0, 1.0, Duration.ZERO, 0, 0, 0, Duration.ZERO, Duration.ZERO));
    assertThatThrownBy(() -> create("0123456789abcdef0123456789abcdef", body("https://m/a.mov")))
        .isInstanceOf(IOException.class);
    assertThat(ittybit.jobsCreated()).isEqualTo(1);
    assertThat(ittybit.counters().get("lost_answers")).isEqualTo(1);
  }

  @Test
  void aLostWebhookIsNeverSent() throws Exception {
    simulator(new Faults(0, 0, 0, 0, 0, 0, Duration.ZERO, 0, 1.0, 0, Duration.ZERO, Duration.ZERO));
    create("0123456789abcdef0123456789abcdef", body("https://m/a.mov"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ittybit.counters().get("webhooks_never_sent") == 1);
    Thread.sleep(300);
    assertThat(webhooks.findAll(postRequestedFor(urlPathEqualTo("/webhook")))).isEmpty();
  }

  @Test
  void refusesAWrongKey() throws Exception {
    simulator(Faults.none());
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ittybit.baseUrl() + "/jobs"))
                .header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString(body("https://m/a.mov")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(401);
  }
}
