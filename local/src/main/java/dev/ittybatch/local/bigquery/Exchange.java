package dev.ittybatch.local.bigquery;

import com.sun.net.httpserver.HttpExchange;
import dev.ittybatch.local.LoopbackServers;
import dev.ittybatch.local.iam.Identities;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One request to the stand-in: its caller, its parameters, its JSON body; and the answer. */
final class Exchange {

  private final HttpExchange http;
  private final JsonMapper json;
  private final Map<String, String> query = new LinkedHashMap<>();
  final String identity;

  Exchange(HttpExchange http, JsonMapper json) {
    this.http = http;
    this.json = json;
    this.identity =
        Identities.fromAuthorization(http.getRequestHeaders().getFirst("Authorization"));
    query.putAll(LoopbackServers.queryParameters(http.getRequestURI().getRawQuery()));
  }

  String method() {
    return http.getRequestMethod();
  }

  String parameter(String name) {
    return query.get(name);
  }

  Long longParameter(String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiError.invalid("Invalid value for " + name + ": " + value);
    }
  }

  /**
   * The body as JSON. The clients gzip every request body and stream it without a length ({@code
   * Content-Encoding: gzip}; HTTP/http/HttpRequest.java L946-952 of google-http-client 2.1.0);
   * emulators that did not decode it failed with "invalid character '\x1f'" (goccy#71, #7).
   */
  JsonNode body(long limit) throws IOException {
    byte[] bytes = bytes(limit);
    if (bytes.length == 0) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiError.invalid("Parse error in the request body: " + e.getOriginalMessage());
    }
  }

  byte[] bytes(long limit) throws IOException {
    InputStream in = http.getRequestBody();
    if ("gzip".equalsIgnoreCase(http.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (bytes.length > limit) {
      // Seen from the real service for a 10 MB insertAll (google-cloud-go#2855).
      throw new ApiError(
          Reason.BAD_REQUEST, "Request payload size exceeds the limit: " + limit + " bytes.");
    }
    return bytes;
  }

  void send(int status, ObjectNode body) throws IOException {
    send(status, json.writeValueAsBytes(body));
  }

  void fail(ApiError error) throws IOException {
    send(error.reason.status, error.body(json));
  }

  private void send(int status, byte[] body) throws IOException {
    http.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    http.sendResponseHeaders(status, body.length);
    try (OutputStream out = http.getResponseBody()) {
      out.write(body);
    }
  }
}
