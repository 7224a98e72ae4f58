package dev.ittybatch.common.ittybit.client;

import dev.ittybatch.common.http.BlockingHttpClients;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ittybit.CreateJobRequest;
import dev.ittybatch.common.ittybit.IttybitError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ittybit's {@code POST /jobs}, {@code GET /jobs/{id}}, {@code GET /jobs} and the webhook endpoints
 * ({@code GET} and {@code POST /webhooks/endpoints}). It reports what happened and decides nothing:
 * what an answer means is decided by its callers. The API key is sent as a header and never logged
 * or echoed.
 */
public class IttybitClient implements AutoCloseable {

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /** The header older generations of the API chose their shape by. */
  public static final String API_VERSION_HEADER = "Accept-Version";

  private final RestClient http;
  private final JsonMapper json;
  private final AutoCloseable connections;

  /**
   * @param http a client with Ittybit's base URL, the Bearer header and timeouts set
   */
  public IttybitClient(RestClient http, JsonMapper json) {
    this(http, json, () -> {});
  }

  private IttybitClient(RestClient http, JsonMapper json, AutoCloseable connections) {
    this.http = http;
    this.json = json;
    this.connections = connections;
  }

  /**
   * A pooled, blocking client: under load it adds less latency than the JDK client, whose single
   * selector thread every call passes through. It never retries by itself: whether to try a POST
   * again is Cloud Tasks' decision, made from what this reports.
   */
  public static IttybitClient create(IttybitProperties properties, JsonMapper json) {
    // One connection per request Cloud Tasks or Ittybit may have in flight here.
    CloseableHttpClient client =
        BlockingHttpClients.pooled(properties.connectTimeout(), properties.readTimeout(), 1000);
    HttpComponentsClientHttpRequestFactory requests =
        new HttpComponentsClientHttpRequestFactory(client);
    requests.setReadTimeout(properties.readTimeout());
    RestClient.Builder http =
        RestClient.builder()
            .baseUrl(properties.root())
            .requestFactory(requests)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.apiKey());
    if (properties.apiVersion() != null && !properties.apiVersion().isBlank()) {
      http.defaultHeader(API_VERSION_HEADER, properties.apiVersion());
    }
    return new IttybitClient(http.build(), json, client);
  }

  /**
   * What Ittybit answered: a 2xx with its body (a job), or a status with its error body.
   *
   * @param body the parsed JSON body of a 2xx answer, or null
   */
  public record Response(int status, JsonNode body, IttybitError error, String retryAfter) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The job's id from a 2xx body, or null when there is none. */
    public String jobId() {
      if (body == null || !body.path("id").isString() || body.get("id").stringValue().isBlank()) {
        return null;
      }
      return body.get("id").stringValue();
    }

    /** "Ittybit answered 409: the message", for logs and stored rows. */
    public String describe() {
      return "Ittybit answered "
          + status
          + (error != null && error.message() != null ? ": " + error.message() : "");
    }

    /** Ittybit's error kind, or {@code http_NNN} when the body named none. */
    public String errorKind() {
      return error != null && error.kind() != null ? error.kind() : "http_" + status;
    }
  }

  /**
   * Creates a job. The body is serialised here, once, so the caller controls every byte: a retry of
   * the same job must send the same JSON under the same key, or Ittybit refuses it.
   *
   * @throws IttybitUnreachableException on a timeout or connection failure
   * @throws IllegalArgumentException when the key is not one Ittybit accepts
   */
  public Response createJob(CreateJobRequest request, String idempotencyKey) {
    if (idempotencyKey == null
        || idempotencyKey.length() < 16
        || idempotencyKey.length() > EntryIdentity.IDEMPOTENCY_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "Ittybit accepts idempotency keys of 16 to 32 characters, not \""
              + idempotencyKey
              + "\"");
    }
    return send(
        http.post()
            .uri("/jobs")
            .contentType(MediaType.APPLICATION_JSON)
            .header("Idempotency-Key", idempotencyKey)
            .body(json.writeValueAsBytes(request)));
  }

  /**
   * Fetches a job by id: the truth a webhook only hints at. An id that is not shaped like one is
   * answered as Ittybit would answer an unknown job, without asking it.
   *
   * @throws IttybitUnreachableException on a timeout or connection failure
   */
  public Response getJob(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
      return new Response(404, null, new IttybitError("job_not_found", "not a job id"), null);
    }
    return send(http.get().uri("/jobs/{id}", jobId));
  }

  /**
   * One page of jobs, newest first: {@code GET /jobs?limit=N} is the cheapest call that proves the
   * key works.
   *
   * @throws IttybitUnreachableException on a timeout or connection failure
   */
  public Response listJobs(int limit) {
    return send(http.get().uri("/jobs?limit={limit}", limit));
  }

  /**
   * The newest jobs whose input is exactly this URL (https://ittybit.com/api/list-jobs documents
   * the {@code input} filter), at most 100. Read the items with {@link #items}.
   *
   * @throws IttybitUnreachableException on a timeout or connection failure
   */
  public Response listJobsByInput(String input) {
    return send(http.get().uri("/jobs?input={input}&limit=100", input));
  }

  /**
   * One page of the registered webhook endpoints (https://ittybit.com/api/webhooks/list), at most
   * 100, after the endpoint with id {@code after} when given. Read the items with {@link #items}.
   *
   * @throws IttybitUnreachableException on a timeout or connection failure
   */
  public Response listWebhookEndpoints(String after) {
    return send(
        after == null
            ? http.get().uri("/webhooks/endpoints?limit=100")
            : http.get().uri("/webhooks/endpoints?limit=100&after={after}", after));
  }

  /**
   * Registers a webhook endpoint (https://ittybit.com/api/webhooks/create). The answer carries the
   * endpoint's signing secret: callers must not print the body.
   *
   * @param idempotencyKey 16 to 32 characters, so a retried registration is made once
   * @throws IttybitUnreachableException on a timeout or connection failure
   */
  public Response createWebhookEndpoint(String url, List<String> topics, String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", url);
    body.put("topics", topics);
    return send(
        http.post()
            .uri("/webhooks/endpoints")
            .contentType(MediaType.APPLICATION_JSON)
            .header("Idempotency-Key", idempotencyKey)
            .body(json.writeValueAsBytes(body)));
  }

  /**
   * The items of a list answer: the reference answers a bare array; an older generation wrapped
   * lists in {@code {"data": [...]}}. Anything else is no items.
   */
  public static List<JsonNode> items(JsonNode body) {
    JsonNode array = body != null && body.isObject() ? body.path("data") : body;
    List<JsonNode> items = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(items::add);
    }
    return items;
  }

  private Response send(RestClient.RequestHeadersSpec<?> request) {
    try {
      return request
          .accept(MediaType.APPLICATION_JSON)
          .exchange(
              (req, res) -> {
                int status = res.getStatusCode().value();
                byte[] body = Answers.readBody(res.getBody());
                String retryAfter = res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                return Answers.read(status, body, retryAfter, json);
              },
              true);
    } catch (ResourceAccessException e) {
      throw new IttybitUnreachableException("Ittybit did not answer: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws Exception {
    connections.close();
  }
}
