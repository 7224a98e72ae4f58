package dev.ittybatch.orchestrator.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts a notice to {@code NOTIFY_URL} as JSON {@code {"text": ...}}, which a Slack incoming
 * webhook takes as it is. The URL is a secret (whoever holds it may post to the channel): it is
 * never logged, nor any message that could carry it; only the answer's status and the kind of
 * failure. The JDK client, because a pass posts a notice or two at most.
 */
final class Notifier {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final JsonMapper json;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * @param url where notices go, or null or blank for none
   */
  Notifier(String url, JsonMapper json) {
    this.url = url == null || url.isBlank() ? null : URI.create(url.strip());
    this.json = json;
  }

  boolean on() {
    return url != null;
  }

  /** True once the target answered 2xx; a failure is logged without the URL. */
  boolean post(String text) {
    if (url == null) {
      return false;
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    json.writeValueAsBytes(Map.of("text", text))))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return true;
      }
      // A receiver's error may quote the request; the URL must not reach the log with it.
      String body =
          response.body() == null
              ? ""
              : response
                  .body()
                  .strip()
                  .replace(url.toString(), "NOTIFY_URL")
                  .replace(url.getRawPath(), "/...");
      log.error(
          "NOTIFY_URL answered {}{}; the notice is posted again by a later pass",
          response.statusCode(),
          body.isEmpty() ? "" : " (" + body.substring(0, Math.min(body.length(), 120)) + ")");
    } catch (IOException e) {
      log.error(
          "NOTIFY_URL could not be reached ({}); the notice is posted again by a later pass",
          e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
