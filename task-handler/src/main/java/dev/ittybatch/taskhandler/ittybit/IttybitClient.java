package dev.ittybatch.taskhandler.ittybit;

import dev.ittybatch.common.ittybit.CreateJobRequest;
import dev.ittybatch.common.ittybit.IttybitError;
import dev.ittybatch.common.ittybit.IttybitJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ittybit's {@code POST /jobs}. It reports what happened and decides nothing: the retry contract
 * lives in {@code dispatch}. The API key is sent as a header and never logged or echoed.
 */
public class IttybitClient {

  private final RestClient http;
  private final JsonMapper json;

  /**
   * @param http a client with Ittybit's base URL, the Bearer header and timeouts set
   */
  public IttybitClient(RestClient http, JsonMapper json) {
    this.http = http;
    this.json = json;
  }

  /** What Ittybit answered: a job, or a status with its error body. */
  public record Response(int status, IttybitJob job, IttybitError error, String retryAfter) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * @throws IttybitUnreachableException on a timeout or connection failure
   */
  public Response createJob(CreateJobRequest request, String idempotencyKey) {
    try {
      return http.post()
          .uri("/jobs")
          .contentType(MediaType.APPLICATION_JSON)
          .accept(MediaType.APPLICATION_JSON)
          .header("Idempotency-Key", idempotencyKey)
          .body(request)
          .exchange(
              (req, res) -> {
                int status = res.getStatusCode().value();
                byte[] body = readBody(res.getBody());
                String retryAfter = res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                if (status >= 200 && status < 300) {
                  return new Response(status, parse(body, IttybitJob.class), null, retryAfter);
                }
                IttybitError error = parse(body, IttybitError.class);
                if (error == null || (error.kind() == null && error.message() == null)) {
                  error = new IttybitError(null, abbreviate(body));
                }
                return new Response(status, null, error, retryAfter);
              },
              true);
    } catch (ResourceAccessException e) {
      throw new IttybitUnreachableException("Ittybit did not answer: " + e.getMessage(), e);
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    try (in) {
      // Errors and jobs are small; a runaway body must not take the handler's memory.
      return in.readNBytes(256 * 1024);
    }
  }

  private <T> T parse(byte[] body, Class<T> type) {
    if (body.length == 0) {
      return null;
    }
    try {
      return json.readValue(body, type);
    } catch (JacksonException notJson) {
      return null;
    }
  }

  private static String abbreviate(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
