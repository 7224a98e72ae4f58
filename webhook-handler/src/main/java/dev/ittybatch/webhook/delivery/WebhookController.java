package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.ittybit.IttybitJob;
import dev.ittybatch.common.ittybit.UnrecognizedEventException;
import dev.ittybatch.common.ittybit.WebhookEvent;
import dev.ittybatch.common.ittybit.WebhookEventReader;
import dev.ittybatch.common.ittybit.WebhookUrl;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives Ittybit's callbacks, of any shape. A terminal event is a hint: the job it is about is
 * found ({@link DeliveryResolver}: its job id, the job its task names, or the job our metadata's
 * entry was dispatched as), fetched with our API key, and that job, not the delivery, becomes one
 * result row. The answer is 200 only once the row is durably stored: if the store or the fetch
 * fails, the 503 makes Ittybit deliver again, and the row's id (job and status) makes every
 * delivery the same row. A delivery that cannot be tied to a job of ours is answered 200 "unplaced"
 * and counted ({@link UnplacedDeliveries}): redelivering it could not change that, and
 * reconciliation settles its entry. Status codes are mapped in {@link WebhookErrors}.
 */
@RestController
class WebhookController {

  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

  private final WebhookProperties properties;
  private final SignatureVerifier verifier;
  private final WebhookEventReader events = new WebhookEventReader();
  private final DeliveryResolver resolver;
  private final JobFetcher jobs;
  private final UnplacedDeliveries unplaced;
  private final ResultsStore store;
  private final JsonMapper json;
  private final Clock clock;

  WebhookController(
      WebhookProperties properties,
      SignatureVerifier verifier,
      DeliveryResolver resolver,
      JobFetcher jobs,
      UnplacedDeliveries unplaced,
      ResultsStore store,
      JsonMapper json,
      Clock clock) {
    this.properties = properties;
    this.verifier = verifier;
    this.resolver = resolver;
    this.jobs = jobs;
    this.unplaced = unplaced;
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  @PostMapping("/webhook")
  Map<String, Object> receive(HttpServletRequest request) throws IOException {
    // From the query string only: getParameter would parse a form body before authentication.
    String token = queryParameter(request.getQueryString(), WebhookUrl.TOKEN_PARAMETER);
    byte[] body = readBounded(request);
    verifier.verify(
        body,
        request.getHeader(properties.signatureHeader()),
        properties.timestampHeader() == null || properties.timestampHeader().isBlank()
            ? null
            : request.getHeader(properties.timestampHeader()),
        token);
    WebhookEvent event = read(body);
    try {
      putMdc(event);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("event_id", event.eventId());
      if (!event.terminal()) {
        answer.put("status", "ignored");
        answer.put("reason", "not a final outcome: " + event.status().wireName());
        return answer;
      }
      DeliveryResolver.Resolution resolution = resolver.resolve(event);
      if (!resolution.placed()) {
        return unplaced(event, resolution.unplacedReason(), answer);
      }
      Optional<IttybitJob> job = jobs.finishedJob(resolution.jobId());
      if (job.isEmpty()) {
        return unplaced(
            event,
            "job "
                + resolution.jobId()
                + " is no job of ours: unknown to Ittybit for our key, or without our metadata",
            answer);
      }
      ResultRow row = ResultRow.fromJob(job.get(), clock.instant(), ResultRow.ORIGIN_WEBHOOK);
      putMdc(row);
      store.record(row);
      log.info("recorded {} for job {}", row.status(), event.jobId());
      answer.put("status", "recorded");
      answer.put("result", row.status().wireName());
      return answer;
    } finally {
      MDC.clear();
    }
  }

  private Map<String, Object> unplaced(
      WebhookEvent event, String reason, Map<String, Object> answer) {
    unplaced.record(event, reason);
    answer.put("status", "unplaced");
    answer.put("reason", reason);
    return answer;
  }

  private WebhookEvent read(byte[] body) {
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JacksonException e) {
      throw new BadWebhookException(HttpStatus.BAD_REQUEST, "the body is not JSON");
    }
    try {
      return events.read(node);
    } catch (UnrecognizedEventException e) {
      throw new BadWebhookException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  static String queryParameter(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Reads at most the limit, so an oversized body costs us no more memory than the limit. */
  private byte[] readBounded(HttpServletRequest request) throws IOException {
    int limit = properties.maxBodyBytes();
    if (request.getContentLengthLong() > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge(limit);
      }
      return body;
    }
  }

  private static BadWebhookException tooLarge(int limit) {
    return new BadWebhookException(
        HttpStatus.CONTENT_TOO_LARGE, "the body is over the limit of " + limit + " bytes");
  }

  private static void putMdc(ResultRow row) {
    if (row.batchId() != null) {
      MDC.put("batch_id", row.batchId());
    }
    if (row.entryId() != null) {
      MDC.put("entry_id", row.entryId());
    }
    MDC.put("job_id", row.jobId());
    MDC.put("event_id", row.eventId());
  }

  private static void putMdc(WebhookEvent event) {
    if (event.batchId() != null) {
      MDC.put("batch_id", event.batchId());
    }
    if (event.entryId() != null) {
      MDC.put("entry_id", event.entryId());
    }
    if (event.jobId() != null) {
      MDC.put("job_id", event.jobId());
    }
    MDC.put("event_id", event.eventId());
  }
}
