package dev.ittybatch.taskhandler.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.auth.ServiceAccountSigner;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.testing.LoopbackHttp;
import dev.ittybatch.common.testing.MemoryResultsStore;
import dev.ittybatch.taskhandler.signing.TestSigners;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The task endpoint as Cloud Tasks calls it, with WireMock as Ittybit and as Cloud Storage's JSON
 * API, a test key signing in place of IAM, and rows kept in memory.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = dev.ittybatch.taskhandler.TaskHandlerApplication.CONFIG)
@ExtendWith(OutputCaptureExtension.class)
class DispatchTest {

  static final WireMockServer ITTYBIT = new WireMockServer(wireMockConfig().dynamicPort());
  static final WireMockServer GCS = new WireMockServer(wireMockConfig().dynamicPort());
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String KEY = "itty_sk_test_0123456789";
  static final String ENTRY = "0123456789abcdef0123456789abcdef";
  static final String WEBHOOK = "https://webhook.example.com/webhook?token=t";
  static final DateTimeFormatter V4_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  static {
    ITTYBIT.start();
    GCS.start();
  }

  @AfterAll
  static void stopFakes() {
    ITTYBIT.stop();
    GCS.stop();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("ITTYBIT_API_KEY", () -> KEY);
    registry.add("ITTYBIT_BASE_URL", () -> "http://127.0.0.1:" + ITTYBIT.port());
    registry.add("ITTYBIT_READ_TIMEOUT", () -> "1s");
    registry.add("WEBHOOK_URL", () -> WEBHOOK);
    registry.add("MAX_ATTEMPTS", () -> "5");
    registry.add("GCP_PROJECT", () -> "proj-1");
    registry.add("STORAGE_EMULATOR_HOST", () -> "http://127.0.0.1:" + GCS.port());
    registry.add("EMULATOR_IDENTITY", () -> TestSigners.ACCOUNT);
    registry.add("BREAKER_FIRST_ENTRIES", () -> "3");
  }

  @TestConfiguration
  static class MemoryResults {
    @Bean
    ServiceAccountSigner signer() {
      return TestSigners.generated();
    }

    @Bean
    @Primary
    MemoryResultsStore resultsStore() {
      return new MemoryResultsStore();
    }

    @Bean
    @Primary
    RecordedEvents events() {
      return new RecordedEvents();
    }
  }

  /** Batch events, kept in memory. */
  static class RecordedEvents implements EventLog {
    final List<BatchEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void append(List<BatchEvent> batch) {
      events.addAll(batch);
    }
  }

  @LocalServerPort int port;
  @Autowired MemoryResultsStore results;
  @Autowired RecordedEvents events;
  @Autowired ResultsStore store;
  static int batch;

  @BeforeEach
  void reset() {
    ITTYBIT.resetAll();
    GCS.resetAll();
    batch++;
  }

  String batchId() {
    return "test-" + batch;
  }

  /** A minute ago: the instant the orchestrator enqueued the tasks of these tests. */
  static final Instant ENQUEUED = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

  String payload(String path) {
    return payload(path, ENQUEUED);
  }

  String payload(String path, Instant enqueuedAt) {
    return "{\"batch_id\":\""
        + batchId()
        + "\",\"entry_id\":\""
        + ENTRY
        + "\",\"line\":7,\"path\":\""
        + path
        + "\",\"kind\":\"video\",\"options\":{\"width\":1920,\"format\":\"mp4\"}"
        + (enqueuedAt == null ? "" : ",\"enqueued_at\":" + enqueuedAt.getEpochSecond())
        + "}";
  }

  String key() {
    return new EntryIdentity(new BatchId(batchId()), new EntryId(ENTRY)).idempotencyKey(0);
  }

  void objectExists(String bucket, String encodedName) {
    GCS.stubFor(
        get(urlPathEqualTo("/storage/v1/b/" + bucket + "/o/" + encodedName))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"bucket\":\"" + bucket + "\",\"name\":\"x\"}")));
  }

  ResponseEntity<String> deliver(String body, int retryCount) {
    return LoopbackHttp.client()
        .post()
        .uri("http://127.0.0.1:" + port + "/")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-CloudTasks-TaskName", batchId() + "-" + ENTRY)
        .header("X-CloudTasks-TaskRetryCount", String.valueOf(retryCount))
        .header("X-CloudTasks-TaskExecutionCount", String.valueOf(retryCount))
        .header("User-Agent", "Google-Cloud-Tasks")
        .body(body)
        .retrieve()
        .toEntity(String.class);
  }

  void ittybitAnswers(int status, String body) {
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  Map<String, Object> progress() {
    List<ResultRow> latest = results.latest(batchId());
    return Map.of(
        "entries",
        (long) latest.size(),
        "in_flight",
        latest.stream().filter(row -> row.status() == ResultStatus.DISPATCHED).count());
  }

  List<Map<String, Object>> failures() {
    List<Map<String, Object>> failures = new ArrayList<>();
    for (ResultRow row : results.failures(batchId())) {
      Map<String, Object> failure = new HashMap<>();
      failure.put("status", row.status().wireName());
      failure.put("error_kind", row.errorKind());
      failure.put("example_message", row.errorMessage());
      failures.add(failure);
    }
    return failures;
  }

  @Test
  void createsTheJobWithIdempotencyKeyAndRecordsItAsDispatched() {
    ittybitAnswers(201, "{\"id\":\"job_abc\",\"object\":\"job\",\"status\":\"queued\"}");

    ResponseEntity<String> answer = deliver(payload("https://cdn.example.com/v/001.mov"), 0);

    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(JSON.readTree(answer.getBody()).get("job_id").stringValue()).isEqualTo("job_abc");
    List<LoggedRequest> calls = ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")));
    assertThat(calls).hasSize(1);
    LoggedRequest call = calls.get(0);
    assertThat(call.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(call.getHeader("Idempotency-Key")).isEqualTo(key()).matches("[0-9a-f]{32}");
    assertThat(call.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = JSON.readTree(call.getBodyAsString());
    assertThat(body.propertyNames())
        .as("only the fields the reference lists: no per-job webhook_url unless configured")
        .containsExactly("input", "kind", "options", "metadata");
    assertThat(body.get("input").stringValue()).isEqualTo("https://cdn.example.com/v/001.mov");
    assertThat(body.get("kind").stringValue()).isEqualTo("video");
    assertThat(body.get("options").get("width").asInt()).isEqualTo(1920);
    assertThat(body.get("metadata").get("batch_id").stringValue()).isEqualTo(batchId());
    assertThat(body.get("metadata").get("entry_id").stringValue()).isEqualTo(ENTRY);
    assertThat(body.get("metadata").get("source_key").stringValue())
        .isEqualTo("https://cdn.example.com/v/001.mov");
    // Stored before the answer: on Cloud Run nothing may be left to do once the 200 is sent.
    assertThat(progress()).containsEntry("entries", 1L).containsEntry("in_flight", 1L);
  }

  @Test
  void signsGcsInputsAfterCheckingTheObjectExists() {
    GCS.stubFor(
        get(urlPathEqualTo("/storage/v1/b/media-lib/o/videos%2F001.mov"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"bucket\":\"media-lib\",\"name\":\"videos/001.mov\"}")));
    ittybitAnswers(200, "{\"id\":\"job_1\"}");

    assertThat(deliver(payload("gs://media-lib/videos/001.mov"), 0).getStatusCode().value())
        .isEqualTo(200);

    JsonNode body =
        JSON.readTree(
            ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs"))).get(0).getBodyAsString());
    // With an emulator host configured the URL names that host; the path and V4 query are the
    // same as against storage.googleapis.com (InputSignerTest checks the signature itself).
    assertThat(body.get("input").stringValue())
        .contains("/media-lib/videos/001.mov?X-Goog-Algorithm=GOOG4-RSA-SHA256")
        .contains("X-Goog-Expires=604800")
        .contains("X-Goog-Signature=");
    assertThat(body.get("metadata").get("source_bucket").stringValue()).isEqualTo("media-lib");
    assertThat(body.get("metadata").get("source_key").stringValue()).isEqualTo("videos/001.mov");
  }

  @Test
  void aMissingObjectIsRecordedAsRejectedAndAcknowledged() {
    GCS.stubFor(
        get(urlPathEqualTo("/storage/v1/b/media-lib/o/gone.mov"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"code\":404,\"message\":\"No such object\"}}")));

    ResponseEntity<String> answer = deliver(payload("gs://media-lib/gone.mov"), 0);

    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(JSON.readTree(answer.getBody()).get("outcome").stringValue()).isEqualTo("rejected");
    assertThat(ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")))).isEmpty();
    assertThat(failures().get(0))
        .containsEntry("status", "rejected")
        .containsEntry("error_kind", "object_not_found");
  }

  @Test
  void aReplayedIdempotentAnswerIsSuccess() {
    ittybitAnswers(200, "{\"id\":\"job_same\",\"status\":\"processing\"}");
    deliver(payload("https://cdn.example.com/a.mov"), 0);
    ResponseEntity<String> again = deliver(payload("https://cdn.example.com/a.mov"), 1);
    assertThat(again.getStatusCode().value()).isEqualTo(200);
    List<LoggedRequest> calls = ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")));
    assertThat(calls).extracting(c -> c.getHeader("Idempotency-Key")).containsExactly(key(), key());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(progress()).containsEntry("entries", 1L));
  }

  @Test
  void twoAttemptsOfOneTaskSendIdenticalBytesUnderOneKey() throws Exception {
    objectExists("media-lib", "videos%2F001.mov");
    ittybitAnswers(503, "{\"kind\":\"internal_error\",\"message\":\"try again\"}");
    assertThat(deliver(payload("gs://media-lib/videos/001.mov"), 0).getStatusCode().value())
        .isEqualTo(503);
    Thread.sleep(1100); // a retry comes later: the wall clock must not leak into the request
    ittybitAnswers(201, "{\"id\":\"job_1\"}");
    assertThat(deliver(payload("gs://media-lib/videos/001.mov"), 1).getStatusCode().value())
        .isEqualTo(200);

    List<LoggedRequest> calls = ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).getBody()).isEqualTo(calls.get(0).getBody());
    assertThat(calls).extracting(c -> c.getHeader("Idempotency-Key")).containsOnly(key());
    assertThat(key()).hasSize(32);
    assertThat(JSON.readTree(calls.get(0).getBodyAsString()).get("input").stringValue())
        .contains("X-Goog-Date=" + V4_DATE.format(ENQUEUED));
  }

  @Test
  void anIdempotencyConflictIsRetriedAndOnTheLastAttemptRecordedAsDispatchFailed() {
    ittybitAnswers(
        409, "{\"kind\":\"idempotency_conflict\",\"message\":\"key used with another body\"}");
    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 0).getStatusCode().value())
        .as("never rejected: a job may exist for this entry")
        .isEqualTo(503);
    assertThat(progress()).containsEntry("entries", 0L);

    ResponseEntity<String> last = deliver(payload("https://cdn.example.com/a.mov"), 4);
    assertThat(last.getStatusCode().value()).isEqualTo(200);
    Map<String, Object> failure = failures().get(0);
    assertThat(failure)
        .containsEntry("status", "dispatch_failed")
        .containsEntry("error_kind", "idempotency_conflict");
    assertThat((String) failure.get("example_message"))
        .contains("different request under this entry's idempotency key")
        .contains("enqueue it again");
  }

  @Test
  void aConflictWithARequestSentBeforeTheShapeChangedGetsItsJobBack() {
    // A batch in flight when webhook_url was dropped: its first attempt carried the field.
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .withRequestBody(notContaining("webhook_url"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withBody("{\"kind\":\"idempotency_conflict\",\"message\":\"other body\"}")));
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .withRequestBody(containing("\"webhook_url\":\"" + WEBHOOK + "\""))
            .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"job_before\"}")));

    ResponseEntity<String> answer = deliver(payload("https://cdn.example.com/a.mov"), 0);

    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(JSON.readTree(answer.getBody()).get("job_id").stringValue()).isEqualTo("job_before");
    assertThat(ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs"))))
        .extracting(c -> c.getHeader("Idempotency-Key"))
        .containsOnly(key());
  }

  @Test
  void aConflictStandsWhenIttybitRefusesTheOlderShapeAndIsNeverARejection() {
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .withRequestBody(notContaining("webhook_url"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withBody(
                        "{\"kind\":\"request_invalid\",\"message\":\"Idempotency-Key reused with"
                            + " a different body\"}")));
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .withRequestBody(containing("webhook_url"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"kind\":\"request_invalid\",\"message\":\"unknown field\"}")));

    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 0).getStatusCode().value())
        .isEqualTo(503);
    assertThat(progress()).containsEntry("entries", 0L);
    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 4).getStatusCode().value())
        .isEqualTo(200);
    assertThat(failures().get(0))
        .containsEntry("status", "dispatch_failed")
        .containsEntry("error_kind", "idempotency_conflict");
  }

  @Test
  void theSameRefusalForABatchsFirstEntriesStopsItAndKeepsTheEntries(CapturedOutput output) {
    ittybitAnswers(400, "{\"kind\":\"request_invalid\",\"message\":\"unknown field x\"}");

    List<Integer> answers = new ArrayList<>();
    for (int entry = 0; entry < 5; entry++) {
      answers.add(
          deliver(payload("https://cdn.example.com/" + entry + ".mov"), 4).getStatusCode().value());
    }

    assertThat(answers)
        .as("two recorded as the entries' own fault, then the batch stops: even last attempts held")
        .containsExactly(200, 200, 503, 503, 503);
    assertThat(results.rows())
        .filteredOn(row -> batchId().equals(row.batchId()))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.status()).isEqualTo(ResultStatus.REJECTED));
    assertThat(events.events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.kind()).isEqualTo("breaker_tripped");
              assertThat(event.batchId()).isEqualTo(batchId());
              assertThat(event.detail()).startsWith("400 request_invalid");
              assertThat(event.reason())
                  .contains("unknown field x")
                  .contains("deploy/deploy.sh resume " + batchId());
            });
    assertThat(output).contains("the breaker cannot pause the queue: set GCP_PROJECT");
  }

  @Test
  void accountRefusalsAreNeverRejectionsAndStopTheBatchToo() {
    ittybitAnswers(402, "{\"kind\":\"payment_required\",\"message\":\"add a card\"}");
    for (int entry = 0; entry < 4; entry++) {
      assertThat(
              deliver(payload("https://cdn.example.com/" + entry + ".mov"), 0)
                  .getStatusCode()
                  .value())
          .isEqualTo(503);
    }
    assertThat(results.latest(batchId())).isEmpty();
    assertThat(events.events)
        .filteredOn(e -> batchId().equals(e.batchId()))
        .singleElement()
        .satisfies(
            e -> assertThat(e.reason()).contains("402 payment_required").contains("payment"));
  }

  @Test
  void aConflictIsKnownByItsKindWhateverTheStatus() {
    ittybitAnswers(422, "{\"kind\":\"idempotency_key_reused\",\"message\":\"nope\"}");
    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 0).getStatusCode().value())
        .isEqualTo(503);
    assertThat(progress()).containsEntry("entries", 0L);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 503})
  void aStorageFailureDuringTheLookupIsRetriedAndOnTheLastAttemptRecorded(int status) {
    GCS.stubFor(
        get(urlPathEqualTo("/storage/v1/b/media-lib/o/a.mov"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"code\":" + status + ",\"message\":\"busy\"}}")));

    assertThat(deliver(payload("gs://media-lib/a.mov"), 0).getStatusCode().value()).isEqualTo(503);
    assertThat(progress()).containsEntry("entries", 0L);
    ResponseEntity<String> last = deliver(payload("gs://media-lib/a.mov"), 4);

    assertThat(last.getStatusCode().value()).isEqualTo(200);
    assertThat(failures().get(0))
        .containsEntry("status", "dispatch_failed")
        .containsEntry("error_kind", "storage_unavailable");
    assertThat(ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")))).isEmpty();
  }

  @Test
  void everyRetryableFailureOnTheLastAttemptIsRecordedAndAcknowledged() {
    // Each of these is retried before the last attempt; on it, each must leave a row.
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withBody("{\"kind\":\"rate_limited\",\"message\":\"slow down\"}")));
    assertLastAttemptRecords("https://cdn.example.com/1.mov", "rate_limited");
    ittybitAnswers(401, "{\"kind\":\"token_invalid\",\"message\":\"bad key\"}");
    assertLastAttemptRecords("https://cdn.example.com/2.mov", "token_invalid");
    ittybitAnswers(403, "{\"message\":\"forbidden\"}");
    assertLastAttemptRecords("https://cdn.example.com/3.mov", "http_403");
    ittybitAnswers(201, "{\"status\":\"queued\"}");
    assertLastAttemptRecords("https://cdn.example.com/4.mov", "invalid_response");
    GCS.stubFor(
        get(urlPathEqualTo("/storage/v1/b/media-lib/o/5.mov"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"code\":403,\"message\":\"denied\"}}")));
    assertLastAttemptRecords("gs://media-lib/5.mov", "signing_setup");
  }

  private void assertLastAttemptRecords(String path, String kind) {
    batch++;
    assertThat(deliver(payload(path), 0).getStatusCode().value()).as(kind).isEqualTo(503);
    ResponseEntity<String> last = deliver(payload(path), 4);
    assertThat(last.getStatusCode().value()).as(kind).isEqualTo(200);
    assertThat(failures())
        .as(kind)
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("status", "dispatch_failed")
                    .containsEntry("error_kind", kind));
  }

  @Test
  void aTaskThatWaitedPastItsSignedUrlWindowIsRecordedNotSent() {
    objectExists("media-lib", "old.mov");
    Instant longAgo = Instant.now().minus(Duration.ofDays(6)).minus(Duration.ofHours(1));

    ResponseEntity<String> answer = deliver(payload("gs://media-lib/old.mov", longAgo), 0);

    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")))).isEmpty();
    assertThat(failures().get(0))
        .containsEntry("status", "dispatch_failed")
        .containsEntry("error_kind", "signed_url_window_passed");
  }

  @Test
  void aTaskWithoutEnqueuedAtIsRecordedNotSent() {
    ResponseEntity<String> answer = deliver(payload("https://cdn.example.com/a.mov", null), 0);
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")))).isEmpty();
    assertThat(failures().get(0)).containsEntry("error_kind", "task_without_enqueued_at");
  }

  @Test
  void passesIttybitsRetryAfterThroughOn429() {
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "42")
                    .withBody("{\"kind\":\"rate_limited\",\"message\":\"slow down\"}")));

    ResponseEntity<String> answer = deliver(payload("https://cdn.example.com/a.mov"), 0);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("42");
    assertThat(progress()).containsEntry("entries", 0L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"120", "Wed, 21 Oct 2026 07:28:00 GMT"})
  void passesRetryAfterOnA503ThroughInEitherForm(String retryAfter) {
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", retryAfter)));
    ResponseEntity<String> answer = deliver(payload("https://cdn.example.com/a.mov"), 0);
    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo(retryAfter);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 408})
  void retriesServerErrorsAndTimeoutsWithout200(int status) {
    ittybitAnswers(status, "{\"kind\":\"internal_error\",\"message\":\"oops\"}");
    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 0).getStatusCode().value())
        .isEqualTo(503);
    assertThat(progress()).containsEntry("entries", 0L);
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 402, 403})
  void retriesSetupProblemsInsteadOfRejectingEveryEntry(int status, CapturedOutput output) {
    ittybitAnswers(status, "{\"kind\":\"token_invalid\",\"message\":\"bad key\"}");
    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 0).getStatusCode().value())
        .isEqualTo(503);
    assertThat(progress()).containsEntry("entries", 0L);
    assertThat(output)
        .contains("setup problem, retrying rather than rejecting")
        .doesNotContain(KEY);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 410, 413, 415, 422})
  void recordsBadInputAsRejectedWithIttybitsReasonAndAcknowledges(int status) {
    ittybitAnswers(status, "{\"kind\":\"format_unsupported\",\"message\":\"no such format\"}");

    ResponseEntity<String> answer = deliver(payload("https://cdn.example.com/a.mov"), 0);

    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    Map<String, Object> failure = failures().get(0);
    assertThat(failure)
        .containsEntry("status", "rejected")
        .containsEntry("error_kind", "format_unsupported");
    assertThat((String) failure.get("example_message"))
        .isEqualTo("Ittybit answered " + status + ": no such format");
  }

  @Test
  void aReadTimeoutIsRetried() {
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(
                aResponse().withStatus(200).withFixedDelay(2500).withBody("{\"id\":\"x\"}")));
    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 0).getStatusCode().value())
        .isEqualTo(503);
  }

  @Test
  void aDroppedConnectionIsRetried() {
    ITTYBIT.stubFor(
        post(urlPathEqualTo("/jobs"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 0).getStatusCode().value())
        .isEqualTo(503);
  }

  @Test
  void onTheLastAttemptARetryableFailureIsRecordedAndAcknowledged() {
    ittybitAnswers(503, "{\"kind\":\"unavailable\",\"message\":\"down\"}");

    assertThat(deliver(payload("https://cdn.example.com/a.mov"), 3).getStatusCode().value())
        .as("attempt 4 of 5 is retried")
        .isEqualTo(503);
    ResponseEntity<String> last = deliver(payload("https://cdn.example.com/a.mov"), 4);

    assertThat(last.getStatusCode().value()).as("attempt 5 of 5 is acknowledged").isEqualTo(200);
    assertThat(JSON.readTree(last.getBody()).get("outcome").stringValue())
        .isEqualTo("dispatch_failed");
    assertThat(failures().get(0))
        .containsEntry("status", "dispatch_failed")
        .containsEntry("error_kind", "unavailable");
  }

  @Test
  void aBodyThatIsNotATaskIsRefusedWithAProblemDetail() {
    ResponseEntity<String> answer = deliver("{\"hello\":\"world\"}", 0);
    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType().toString())
        .isEqualTo("application/problem+json");
    assertThat(deliver("not json", 0).getStatusCode().value()).isEqualTo(400);
    ResponseEntity<String> typo =
        deliver(payload("https://cdn.example.com/a.mov").replace("\"video\"", "\"vidoe\""), 0);
    assertThat(typo.getStatusCode().value()).isEqualTo(400);
    assertThat(typo.getBody())
        .contains(
            "kind \\\"vidoe\\\" is not one of video, audio, image, animation, adaptive_video");
    assertThat(ITTYBIT.findAll(postRequestedFor(urlPathEqualTo("/jobs")))).isEmpty();
  }

  @Test
  void theResultsStoreIsTheMemoryOne() {
    assertThat(store).isSameAs(results);
  }
}
