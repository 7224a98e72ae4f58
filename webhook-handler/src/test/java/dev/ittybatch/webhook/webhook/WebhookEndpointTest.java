package dev.ittybatch.webhook.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(WebhookController.class)
@Import({SignatureVerifier.class, WebhookErrors.class, WebFixtures.class})
@TestPropertySource(
    properties = {
      "webhook.secret=s3cret-for-tests",
      "webhook.signature-header=Ittybit-Signature",
      "webhook.timestamp-header=Ittybit-Timestamp",
      "webhook.tolerance=5m",
      "webhook.max-body-bytes=2048"
    })
class WebhookEndpointTest {

  static final Instant NOW = WebFixtures.NOW;
  static final String SECRET = "s3cret-for-tests";
  static final String ENTRY = "0123456789abcdef0123456789abcdef";

  @Autowired MockMvc mvc;
  @Autowired RecordingStore store;

  @BeforeEach
  void reset() {
    store.rows.clear();
    store.failing = false;
  }

  static String signature(long timestamp, String body) {
    byte[] mac =
        SignatureVerifier.hmac(SECRET, (timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "sha256=" + HexFormat.of().formatHex(mac);
  }

  ResultActions deliver(String body) throws Exception {
    long ts = NOW.getEpochSecond();
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
  void recordsTheEventEnvelopeOnceStored() throws Exception {
    deliver(ENVELOPE)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("recorded"))
        .andExpect(jsonPath("$.event_id").value("evt_1"));
    assertThat(store.rows).hasSize(1);
    ResultRow row = store.rows.get(0);
    assertThat(row.status()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(row.batchId()).isEqualTo("lib");
    assertThat(row.entryId()).isEqualTo(ENTRY);
    assertThat(row.taskId()).isEqualTo("job_7");
    assertThat(row.width()).isEqualTo(1920);
    assertThat(row.durationMs()).isEqualTo(60_000);
    assertThat(row.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void recordsTheBareObjectShapeWithIsoTimes() throws Exception {
    deliver(
            """
            {"id":"task_1","status":"completed","kind":"image",
             "metadata":{"batch_id":"lib","entry_id":"%s"},
             "output":"https://cdn/a.webp","created":"2025-03-01T10:00:00Z",
             "completed":"2025-03-01T10:00:05Z"}
            """
                .formatted(ENTRY))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.result").value("succeeded"));
    assertThat(store.rows.get(0).durationMs()).isEqualTo(5_000);
    assertThat(store.rows.get(0).eventId()).isEqualTo("derived-task_1-succeeded");
  }

  @Test
  void recordsTheTypeAndDataShapeWithSecondsAndItsError() throws Exception {
    deliver(
            """
            {"type":"job.failed","data":{"id":"job_3","status":"failed","kind":"audio",
              "metadata":{"batch_id":"lib","entry_id":"%s"},
              "error":{"kind":"invalid_input","message":"not audio"},
              "created_at":1764331200,"finished_at":1764331230}}
            """
                .formatted(ENTRY))
        .andExpect(status().isOk());
    ResultRow row = store.rows.get(0);
    assertThat(row.status()).isEqualTo(ResultStatus.FAILED);
    assertThat(row.errorKind()).isEqualTo("invalid_input");
    assertThat(row.durationMs()).isEqualTo(30_000);
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
