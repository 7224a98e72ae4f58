package dev.ittybatch.common.ittybit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The webhook URL Ittybit is given, and the one place its token goes into it: the webhook-handler
 * reads {@value #TOKEN_PARAMETER} back from the query string. The token lives in Secret Manager
 * rather than written into {@code WEBHOOK_URL} in plain sight, so each side that registers or sends
 * the URL adds it here.
 */
public final class WebhookUrl {

  /** The query parameter that carries the shared token. */
  public static final String TOKEN_PARAMETER = "token";

  private WebhookUrl() {}

  /**
   * @return the URL with {@code ?token=} (or {@code &token=}) added when there is a token; the URL
   *     alone without one; null when there is no URL
   */
  public static String withToken(String url, String token) {
    if (url == null || url.isBlank()) {
      return null;
    }
    if (token == null || token.isBlank()) {
      return url;
    }
    return url
        + (url.contains("?") ? "&" : "?")
        + TOKEN_PARAMETER
        + "="
        + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }
}
