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

  /** Ittybit as documented today, with this test's endpoint registered. */
  IttybitSimulator simulator(Faults faults) throws Exception {
    simulator(faults, Dialect.documented());
    assertThat(register("http://127.0.0.1:" + webhooks.port() + "/webhook").statusCode())
        .isEqualTo(201);
    return ittybit;
  }

  IttybitSimulator simulator(Faults faults, Dialect dialect) throws IOException {
    ittybit =
        new IttybitSimulator(
            new IttybitSimulator.Settings(
                KEY, "hook-secret", Duration.ofMillis(50), 1, faults, null, false, dialect));
    return ittybit;
  }

  /** A body with only the fields the reference lists. */
  String body(String input) {
    return "{\"input\":\""
        + input
        + "\",\"kind\":\"video\",\"options\":{\"width\":640},\"metadata\":{\"batch_id\":\"b\","
        + "\"entry_id\":\"0123456789abcdef0123456789abcdef\"}}";
  }

  /** The older body, which named its own webhook_url. */
  String bodyWithWebhookUrl(String input) {
    return body(input)
        .replace(
            "\"metadata\"",
            "\"webhook_url\":\"http://127.0.0.1:" + webhooks.port() + "/webhook\",\"metadata\"");
  }

  HttpResponse<String> register(String url) throws Exception {
    return send(
        "POST",
        "/webhooks/endpoints",
        "{\"url\":\"" + url + "\",\"topics\":[\"task.succeeded\",\"task.failed\"]}");
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(ittybit.baseUrl() + path))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The deliveries the endpoint received, parsed. */
  java.util.List<JsonNode> delivered() {
    return webhooks.findAll(postRequestedFor(urlPathEqualTo("/webhook"))).stream()
        .map(request -> JSON.readTree(request.getBodyAsString()))
        .toList();
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

  @Test
  void refusesABodyFieldTheReferenceDoesNotListAsDocumentedToday() throws Exception {
    simulator(Faults.none());
    HttpResponse<String> answer =
        create("0123456789abcdef0123456789abcdef", bodyWithWebhookUrl("https://m/a.mov"));

    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(answer.body());
    assertThat(error.get("kind").stringValue()).isEqualTo("request_invalid");
    assertThat(error.get("message").stringValue()).contains("webhook_url");
    assertThat(ittybit.jobsCreated()).isZero();
    assertThat(
            create(
                    "0123456789abcdef0123456789abcdef",
                    body("https://m/a.mov").replace("}}", "},\"output\":\"gs://b/k\"}"))
                .statusCode())
        .as("output is an s3:// destination")
        .isEqualTo(400);
  }

  @Test
  void deliversTaskEventsOnlyToRegisteredEndpoints() throws Exception {
    simulator(Faults.none(), Dialect.documented());
    String id =
        JSON.readTree(create("0123456789abcdef0123456789abcdef", body("https://m/a.mov")).body())
            .get("id")
            .stringValue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ittybit.counters().get("webhooks_without_destination") == 1);
    assertThat(delivered()).as("no endpoint, no delivery").isEmpty();

    register("http://127.0.0.1:" + webhooks.port() + "/webhook");
    create("fedcba9876543210fedcba9876543210", body("https://m/b.mov"));
    await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() == 1);
    JsonNode event = delivered().get(0);
    assertThat(event.get("id").stringValue()).startsWith("evt_");
    assertThat(event.get("object").stringValue()).isEqualTo("event");
    assertThat(event.get("kind").stringValue()).isEqualTo("task.succeeded");
    assertThat(event.get("created_at").asLong()).as("Unix seconds").isLessThan(100_000_000_000L);
    JsonNode task = event.get("data");
    assertThat(task.get("id").stringValue()).startsWith("task_");
    assertThat(task.get("object").stringValue()).isEqualTo("task");
    assertThat(task.has("job_id")).as("the pages show no job id in a task").isFalse();
    assertThat(task.get("metadata").get("entry_id").stringValue())
        .isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(task.get("outputs").get(0).get("url").stringValue()).startsWith("https://");
    assertThat(id).startsWith("job_");
  }

  @Test
  void registersEndpointsAndListsThemNewestFirstWithTheirSecrets() throws Exception {
    simulator(Faults.none(), Dialect.documented());
    HttpResponse<String> first = register("https://hooks.example.com/a");
    register("https://hooks.example.com/b");

    assertThat(first.statusCode()).isEqualTo(201);
    JsonNode endpoint = JSON.readTree(first.body());
    assertThat(endpoint.get("id").stringValue()).startsWith("we_");
    assertThat(endpoint.get("object").stringValue()).isEqualTo("webhook_endpoint");
    assertThat(endpoint.get("status").stringValue()).isEqualTo("active");
    assertThat(endpoint.get("secret").stringValue()).startsWith("whsec_");
    JsonNode listed = JSON.readTree(send("GET", "/webhooks/endpoints?limit=1", null).body());
    assertThat(listed.isArray()).as("a bare array").isTrue();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("url").stringValue()).isEqualTo("https://hooks.example.com/b");
    JsonNode next =
        JSON.readTree(
            send("GET", "/webhooks/endpoints?after=" + listed.get(0).get("id").stringValue(), null)
                .body());
    assertThat(next.get(0).get("url").stringValue()).isEqualTo("https://hooks.example.com/a");
    assertThat(register("http://hooks.example.com/plain").statusCode())
        .as("HTTP endpoints are refused")
        .isEqualTo(400);
    assertThat(
            send(
                    "POST",
                    "/webhooks/endpoints",
                    "{\"url\":\"https://h.example.com/x\",\"topics\":[\"job.done\"]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(ittybit.webhookEndpoints()).isEqualTo(2);
  }

  @Test
  void listsJobsNewestFirstWithALimitOfOneToAHundred() throws Exception {
    simulator(Faults.none());
    create("0123456789abcdef0123456789abcdef", body("https://m/a.mov"));
    create("fedcba9876543210fedcba9876543210", body("https://m/b.mov"));

    HttpResponse<String> page = send("GET", "/jobs?limit=1", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Has-More")).hasValue("true");
    assertThat(JSON.readTree(page.body()).get(0).get("input").stringValue())
        .isEqualTo("https://m/b.mov");
    assertThat(
            JSON.readTree(
                send(
                        "GET",
                        "/jobs?input="
                            + java.net.URLEncoder.encode(
                                "https://m/a.mov", java.nio.charset.StandardCharsets.UTF_8),
                        null)
                    .body()))
        .as("the input filter is exact")
        .singleElement()
        .satisfies(job -> assertThat(job.get("input").stringValue()).isEqualTo("https://m/a.mov"));
    assertThat(send("GET", "/jobs?limit=0", null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/jobs?limit=101", null).statusCode()).isEqualTo(400);
  }

  @Test
  void anAccountWideRefusalAnswersEveryCreateUntilLifted() throws Exception {
    simulator(Faults.none());
    ittybit.refuseEveryCreate(402, "payment_required", "add a card");
    HttpResponse<String> refused =
        create("0123456789abcdef0123456789abcdef", body("https://m/a.mov"));
    assertThat(refused.statusCode()).isEqualTo(402);
    assertThat(JSON.readTree(refused.body()).get("kind").stringValue())
        .isEqualTo("payment_required");
    assertThat(ittybit.jobsCreated()).isZero();

    ittybit.acceptCreates();
    assertThat(create("0123456789abcdef0123456789abcdef", body("https://m/a.mov")).statusCode())
        .as("nothing was remembered under the key while refusing")
        .isEqualTo(201);
    assertThat(ittybit.counters().get("account_refusals")).isEqualTo(1);
  }

  @Test
  void faultsChangeMidRun() throws Exception {
    simulator(Faults.none());
    ittybit.faults(
        new Faults(0, 0, 0, 0, 0, 1.0, Duration.ZERO, 0, 0, 0, Duration.ZERO, Duration.ZERO));
    assertThatThrownBy(() -> create("0123456789abcdef0123456789abcdef", body("https://m/a.mov")))
        .isInstanceOf(IOException.class);
    ittybit.faults(Faults.none());
    assertThat(create("0123456789abcdef0123456789abcdef", body("https://m/a.mov")).statusCode())
        .as("the job the lost answer made, replayed")
        .isEqualTo(201);
    assertThat(ittybit.jobsCreated()).isEqualTo(1);
  }

  @Test
  void theOlderGenerationPostsTheBareJobWithOlderWordsToItsOwnWebhookUrl() throws Exception {
    simulator(Faults.none(), Dialect.perJobWebhooks(Dialect.WebhookStyle.BARE_OBJECT, true));
    String id =
        JSON.readTree(
                create("0123456789abcdef0123456789abcdef", bodyWithWebhookUrl("https://m/a.mov"))
                    .body())
            .get("id")
            .stringValue();

    await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() == 1);
    JsonNode job = delivered().get(0);
    assertThat(job.get("id").stringValue()).isEqualTo(id);
    assertThat(job.get("status").stringValue()).isEqualTo("completed");
    assertThat(job.get("completed").stringValue()).as("ISO-8601").contains("T").endsWith("Z");
    assertThat(job.has("finished_at")).isFalse();
    assertThat(JSON.readTree(fetch(id).body()).get("status").stringValue()).isEqualTo("completed");
  }

  @Test
  void theDesignDocumentsShapeIsATypedJobEvent() throws Exception {
    simulator(Faults.none(), Dialect.perJobWebhooks(Dialect.WebhookStyle.TYPED_JOB_EVENT, false));
    create("0123456789abcdef0123456789abcdef", bodyWithWebhookUrl("https://m/a.mov"));

    await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() == 1);
    JsonNode event = delivered().get(0);
    assertThat(event.get("type").stringValue()).isEqualTo("job.succeeded");
    assertThat(event.get("data").get("id").stringValue()).startsWith("job_");
    assertThat(event.get("data").get("metadata").get("batch_id").stringValue()).isEqualTo("b");
  }
}
