package dev.ittybatch.webhook.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(WebhookController.class)
@Import({
  SignatureVerifier.class,
  DeliveryResolver.class,
  JobFetcher.class,
  UnplacedDeliveries.class,
  WebhookErrors.class,
  WebFixtures.class
})
@TestPropertySource(
    properties = {
      "webhook.secret=s3cret-for-tests",
      "webhook.signature-header=Ittybit-Signature",
      "webhook.timestamp-header=Ittybit-Timestamp",
      "webhook.tolerance=5m",
      "webhook.max-body-bytes=2048",
      "ittybit.api-key=" + WebFixtures.API_KEY
    })
@ExtendWith(OutputCaptureExtension.class)
class WebhookEndpointTest {

  static final Instant NOW = WebFixtures.NOW;
  static final String SECRET = "s3cret-for-tests";
  static final String ENTRY = "0123456789abcdef0123456789abcdef";

  @Autowired MockMvc mvc;
  @Autowired RecordingStore store;

  @BeforeEach
  void reset() {
    store.rows.clear();
    store.events.clear();
    store.dispatched.clear();
    store.failing = false;
    WebFixtures.CLOCK.now = NOW;
    WebFixtures.ITTYBIT.resetAll();
    WebFixtures.job("job_7", JOB_7);
  }

  /** Job 7 as Ittybit shows it to our key: the truth the webhooks below only hint at. */
  static final String JOB_7 =
      """
      {"id":"job_7","object":"job","kind":"video","status":"succeeded",
       "input":"https://storage.googleapis.com/media-lib/videos/001.mov?X-Goog-Signature=abc",
       "metadata":{"batch_id":"lib","entry_id":"%s","source_bucket":"media-lib",
                   "source_key":"videos/001.mov"},
       "output":{"url":"https://cdn/o.mp4","width":1920,"height":1080,"duration":12.5,
                 "format":"mp4"},
       "created_at":1764331200000,"started_at":1764331201000,"finished_at":1764331260000}
      """
          .formatted(ENTRY);

  static String signature(long timestamp, String body) {
    byte[] mac =
        SignatureVerifier.hmac(SECRET, (timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "sha256=" + HexFormat.of().formatHex(mac);
  }

  ResultActions deliver(String body) throws Exception {
    long ts = WebFixtures.CLOCK.now.getEpochSecond();
    return mvc.perform(
        post("/webhook")
            .contentType(MediaType.APPLICATION_JSON)
            .header("Ittybit-Timestamp", String.valueOf(ts))
            .header("Ittybit-Signature", signature(ts, body))
            .content(body));
  }

  static final String ENVELOPE =
      """
      {"id":"evt_1","object":"event","kind":"task.succeeded","created_at":1764331200000,
       "data":{"id":"task_9","job_id":"job_7","kind":"video","status":"succeeded",
         "metadata":{"batch_id":"lib","entry_id":"%s","source_bucket":"media-lib",
                     "source_key":"videos/001.mov"},
         "output":{"url":"https://cdn/o.mp4","width":1920,"height":1080,"duration":12.5,
                   "format":"mp4"},
         "created_at":1764331200000,"finished_at":1764331260000}}
      """
          .formatted(ENTRY);

  @Test
  void recordsTheFetchedJobOnceStored() throws Exception {
    deliver(ENVELOPE)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("recorded"))
        .andExpect(jsonPath("$.event_id").value("evt_1"));
    WebFixtures.ITTYBIT.verify(
        getRequestedFor(urlPathEqualTo("/jobs/job_7"))
            .withHeader("Authorization", equalTo("Bearer " + WebFixtures.API_KEY)));
    assertThat(store.rows).hasSize(1);
    ResultRow row = store.rows.get(0);
    // Named after job and status, so every delivery about this outcome is the same row.
    assertThat(row.eventId()).isEqualTo("derived-job_7-succeeded");
    assertThat(row.sourceKey()).isEqualTo("videos/001.mov");
    assertThat(row.startedAt()).isEqualTo(Instant.ofEpochMilli(1764331201000L));
    assertThat(row.status()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(row.batchId()).isEqualTo("lib");
    assertThat(row.entryId()).isEqualTo(ENTRY);
    assertThat(row.jobId()).isEqualTo("job_7");
    assertThat(row.width()).isEqualTo(1920);
    assertThat(row.durationMs()).isEqualTo(60_000);
    assertThat(row.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void believesTheJobNotAWebhookThatLiesAboutIt() throws Exception {
    String lie =
        ENVELOPE.replace("task.succeeded", "task.failed").replace("\"succeeded\"", "\"failed\"");
    deliver(lie).andExpect(status().isOk()).andExpect(jsonPath("$.result").value("succeeded"));
    assertThat(store.rows)
        .singleElement()
        .extracting(ResultRow::status)
        .isEqualTo(ResultStatus.SUCCEEDED);
  }

  @Test
  void aTaskEventWithoutMetadataGetsItFromTheJob() throws Exception {
    deliver(
            """
            {"id":"evt_2","object":"event","kind":"task.succeeded",
             "data":{"id":"task_1","job_id":"job_7","object":"task","status":"succeeded"}}
            """)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("recorded"));
    assertThat(store.rows.get(0).batchId()).isEqualTo("lib");
    assertThat(store.rows.get(0).entryId()).isEqualTo(ENTRY);
  }

  @Test
  void recordsTheBareObjectShapeReadingIsoTimesFromTheJob() throws Exception {
    WebFixtures.job(
        "job_5",
        """
        {"id":"job_5","status":"completed","kind":"image",
         "metadata":{"batch_id":"lib","entry_id":"%s"},
         "output":"https://cdn/a.webp","created":"2025-03-01T10:00:00Z",
         "completed":"2025-03-01T10:00:05Z"}
        """
            .formatted(ENTRY));
    deliver("{\"id\":\"job_5\",\"status\":\"completed\",\"kind\":\"image\"}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.result").value("succeeded"));
    assertThat(store.rows.get(0).durationMs()).isEqualTo(5_000);
    assertThat(store.rows.get(0).eventId()).isEqualTo("derived-job_5-succeeded");
  }

  /** A task event as the webhook pages show it today, carrying the job's metadata: no job id. */
  static final String TASK_EVENT =
      """
      {"id":"evt_9","object":"event","kind":"task.succeeded","created_at":1764331260,
       "data":{"id":"task_77","object":"task","kind":"video","status":"succeeded",
         "metadata":{"batch_id":"lib","entry_id":"%s"}}}
      """
          .formatted(ENTRY);

  static final dev.ittybatch.common.identity.EntryIdentity LIB_ENTRY =
      new dev.ittybatch.common.identity.EntryIdentity(
          new dev.ittybatch.common.identity.BatchId("lib"),
          new dev.ittybatch.common.identity.EntryId(ENTRY));

  @Test
  void aTaskEventNamingOnlyOurMetadataFindsItsJobThroughTheDispatchedRow() throws Exception {
    store.dispatched(LIB_ENTRY, 0, "job_7");

    deliver(TASK_EVENT)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("recorded"))
        .andExpect(jsonPath("$.result").value("succeeded"));
    assertThat(store.rows).singleElement().extracting(ResultRow::jobId).isEqualTo("job_7");
    assertThat(store.events).isEmpty();
  }

  @Test
  void anEntryWhoseRowIsNotThereYetIsFoundAmongTheJobsWithItsInput() throws Exception {
    String input = "https://storage.googleapis.com/media-lib/videos/001.mov?X-Goog-Signature=abc";
    WebFixtures.ITTYBIT.stubFor(
        get(urlPathEqualTo("/jobs"))
            .withQueryParam("input", equalTo(input))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"id\":\"job_6\",\"metadata\":{\"batch_id\":\"lib\",\"entry_id\":\""
                            + ENTRY
                            + "\",\"generation\":\"1\"}},"
                            + JOB_7
                            + "]")));

    deliver(
            TASK_EVENT.replace(
                "\"metadata\"",
                "\"input\":{\"object\":\"external_file\",\"url\":\"" + input + "\"},\"metadata\""))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("recorded"));

    assertThat(store.rows)
        .as("generation 0's job, not generation 1's")
        .singleElement()
        .extracting(ResultRow::jobId)
        .isEqualTo("job_7");
  }

  @Test
  void anEntryWhoseJobIsNotRecordedYetIsAskedForAgainThenLeftToReconciliation() throws Exception {
    deliver(TASK_EVENT)
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "60"));
    WebFixtures.CLOCK.now = NOW.plusSeconds(14 * 60);
    deliver(TASK_EVENT).andExpect(status().isServiceUnavailable());

    WebFixtures.CLOCK.now = NOW.plusSeconds(15 * 60);
    deliver(TASK_EVENT)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("unplaced"));
    assertThat(store.rows).isEmpty();
    assertThat(store.events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.kind()).isEqualTo("webhook_unplaced");
              assertThat(event.batchId()).isEqualTo("lib");
              assertThat(event.reason()).contains("no dispatched row").contains("reconciliation");
              assertThat(event.detail()).contains("evt_9").contains("task_77");
            });
  }

  @Test
  void aTaskThatNamesNothingOfOursIsAnsweredAndCountedNotRedelivered() throws Exception {
    String bare =
        "{\"id\":\"evt_5\",\"object\":\"event\",\"kind\":\"task.failed\","
            + "\"data\":{\"id\":\"task_5\",\"object\":\"task\",\"status\":\"failed\"}}";

    deliver(bare).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("unplaced"));
    deliver(bare).andExpect(status().isOk());

    assertThat(store.rows).isEmpty();
    assertThat(store.events).hasSize(2);
    assertThat(store.events)
        .extracting(dev.ittybatch.common.events.BatchEvent::eventId)
        .as("a redelivery is the same event")
        .containsOnly(store.events.get(0).eventId());
    assertThat(store.events.get(0).batchId()).isNull();
    WebFixtures.ITTYBIT.verify(0, getRequestedFor(urlPathEqualTo("/jobs/task_5")));
  }

  @Test
  void anUnplacedDeliveryThatCannotBeCountedIsAskedForAgain() throws Exception {
    store.failing = true;
    deliver(
            "{\"kind\":\"task.failed\",\"data\":{\"id\":\"task_5\",\"object\":\"task\","
                + "\"status\":\"failed\"}}")
        .andExpect(status().isServiceUnavailable());
  }

  @Test
  void recordsAFailedJobWithItsErrorAndSecondTimes() throws Exception {
    WebFixtures.job(
        "job_3",
        """
        {"id":"job_3","status":"failed","kind":"audio",
          "metadata":{"batch_id":"lib","entry_id":"%s"},
          "error":{"kind":"invalid_input","message":"not audio"},
          "created_at":1764331200,"finished_at":1764331230}
        """
            .formatted(ENTRY));
    deliver("{\"type\":\"job.failed\",\"data\":{\"id\":\"job_3\",\"status\":\"failed\"}}")
        .andExpect(status().isOk());
    ResultRow row = store.rows.get(0);
    assertThat(row.status()).isEqualTo(ResultStatus.FAILED);
    assertThat(row.errorKind()).isEqualTo("invalid_input");
    assertThat(row.durationMs()).isEqualTo(30_000);
  }

  @Test
  void aWebhookForAnUnknownJobWritesNothing(CapturedOutput output) throws Exception {
    WebFixtures.ITTYBIT.stubFor(
        get(urlPathEqualTo("/jobs/job_404"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("{\"kind\":\"job_not_found\",\"message\":\"no such job\"}")));
    deliver(ENVELOPE.replace("job_7", "job_404"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("unplaced"));
    assertThat(store.rows).isEmpty();
    assertThat(store.events)
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("job_404"));
    assertThat(output).contains("webhook names job job_404, which Ittybit does not know");
  }

  @Test
  void aJobWithoutOurMetadataWritesNothing() throws Exception {
    WebFixtures.job(
        "job_8", "{\"id\":\"job_8\",\"status\":\"succeeded\",\"metadata\":{\"batch_id\":\"lib\"}}");
    deliver(ENVELOPE.replace("job_7", "job_8"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("unplaced"));
    WebFixtures.job("job_9", "{\"id\":\"job_9\",\"status\":\"succeeded\"}");
    deliver(ENVELOPE.replace("job_7", "job_9")).andExpect(jsonPath("$.status").value("unplaced"));
    assertThat(store.rows).isEmpty();
  }

  @Test
  void aJobNotFinishedYetIsAskedForAgain() throws Exception {
    WebFixtures.job("job_7", JOB_7.replace("\"succeeded\"", "\"processing\""));
    deliver(ENVELOPE)
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "30"));
    assertThat(store.rows).isEmpty();
  }

  @Test
  void aFetchThatFailsIsAskedForAgain() throws Exception {
    WebFixtures.ITTYBIT.stubFor(
        get(urlPathEqualTo("/jobs/job_7"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
    deliver(ENVELOPE)
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "7"));
    WebFixtures.ITTYBIT.stubFor(
        get(urlPathEqualTo("/jobs/job_7"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    deliver(ENVELOPE).andExpect(status().isServiceUnavailable());
    WebFixtures.ITTYBIT.stubFor(
        get(urlPathEqualTo("/jobs/job_7")).willReturn(aResponse().withStatus(401)));
    deliver(ENVELOPE).andExpect(status().isServiceUnavailable());
    assertThat(store.rows).isEmpty();
  }

  @Test
  void ignoresEventsThatAreNotOutcomes() throws Exception {
    deliver("{\"kind\":\"task.created\",\"data\":{\"id\":\"task_1\",\"status\":\"queued\"}}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ignored"));
    deliver("{\"kind\":\"task.updated\",\"data\":{\"id\":\"task_1\",\"status\":\"processing\"}}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ignored"));
    assertThat(store.rows).isEmpty();
  }

  @Test
  void acceptsABase64SignatureWithoutPrefix() throws Exception {
    long ts = NOW.getEpochSecond();
    byte[] mac =
        SignatureVerifier.hmac(SECRET, (ts + "." + ENVELOPE).getBytes(StandardCharsets.UTF_8));
    mvc.perform(
            post("/webhook")
                .header("Ittybit-Timestamp", String.valueOf(ts))
                .header("Ittybit-Signature", Base64.getEncoder().encodeToString(mac))
                .content(ENVELOPE))
        .andExpect(status().isOk());
  }

  @Test
  void refusesAWrongSignatureAndWritesNothing() throws Exception {
    long ts = NOW.getEpochSecond();
    mvc.perform(
            post("/webhook")
                .header("Ittybit-Timestamp", String.valueOf(ts))
                .header("Ittybit-Signature", signature(ts, ENVELOPE.replace("succeeded", "failed")))
                .content(ENVELOPE))
        .andExpect(status().isUnauthorized())
        .andExpect(
            jsonPath("$.detail").value("the Ittybit-Signature signature does not match the body"));
    assertThat(store.rows).isEmpty();
  }

  @Test
  void refusesAMissingSignature() throws Exception {
    mvc.perform(
            post("/webhook")
                .header("Ittybit-Timestamp", String.valueOf(NOW.getEpochSecond()))
                .content(ENVELOPE))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.detail").value("the Ittybit-Signature header is missing"));
  }

  @Test
  void refusesAStaleDeliveryEvenWhenCorrectlySigned() throws Exception {
    long stale = NOW.getEpochSecond() - 3600;
    mvc.perform(
            post("/webhook")
                .header("Ittybit-Timestamp", String.valueOf(stale))
                .header("Ittybit-Signature", signature(stale, ENVELOPE))
                .content(ENVELOPE))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.detail").value("the delivery is stale: sent 3600 s from now"));
    assertThat(store.rows).isEmpty();
  }

  ResultActions deliverSentAt(String timestamp, String body) throws Exception {
    byte[] mac =
        SignatureVerifier.hmac(SECRET, (timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return mvc.perform(
        post("/webhook")
            .header("Ittybit-Timestamp", timestamp)
            .header("Ittybit-Signature", "sha256=" + HexFormat.of().formatHex(mac))
            .content(body));
  }

  @Test
  void acceptsDeliveriesUpToTheToleranceEitherSideOfNow() throws Exception {
    long now = NOW.getEpochSecond();
    deliverSentAt(String.valueOf(now - 300), ENVELOPE).andExpect(status().isOk());
    deliverSentAt(String.valueOf(now + 300), ENVELOPE).andExpect(status().isOk());
    deliverSentAt(String.valueOf(now - 301), ENVELOPE)
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.detail").value("the delivery is stale: sent 301 s from now"));
    deliverSentAt(String.valueOf(now + 301), ENVELOPE)
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.detail").value("the delivery is stale: sent 301 s from now"));
    // Milliseconds are read as such, not as a time 50,000 years away.
    deliverSentAt(String.valueOf(now * 1000), ENVELOPE).andExpect(status().isOk());
  }

  @Test
  void refusesAMissingOrUnreadableTimestamp() throws Exception {
    long ts = NOW.getEpochSecond();
    mvc.perform(
            post("/webhook").header("Ittybit-Signature", signature(ts, ENVELOPE)).content(ENVELOPE))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.detail").value("the Ittybit-Timestamp header is missing"));
    deliverSentAt("yesterday", ENVELOPE)
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.detail").value("the Ittybit-Timestamp header is not a time"));
    assertThat(store.rows).isEmpty();
  }

  @Test
  void refusesAnOversizedBody() throws Exception {
    deliver("{\"pad\":\"" + "x".repeat(3000) + "\"}")
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.detail").value("the body is over the limit of 2048 bytes"));
  }

  @Test
  void refusesABodyThatIsNotJson() throws Exception {
    deliver("<xml/>")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("the body is not JSON"));
  }

  @Test
  void refusesJsonOfNoKnownShapeWithAProblemDetail() throws Exception {
    deliver("{\"hello\":\"world\"}")
        .andExpect(status().isBadRequest())
        .andExpect(header().string("Content-Type", "application/problem+json"))
        .andExpect(jsonPath("$.title").value("Webhook not usable"));
  }

  @Test
  void answers503WhenTheStoreFailsSoIttybitDeliversAgain() throws Exception {
    store.failing = true;
    deliver(ENVELOPE)
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"));
  }
}
