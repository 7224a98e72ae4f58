package dev.ittybatch.local.bigquery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Requests written by hand, to see the bytes the client would parse. */
final class Wire {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

  private Wire() {}

  static Answer post(String url, String identity, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(identity == null ? request : request.header("Authorization", "Bearer " + identity));
  }

  static Answer get(String url, String identity) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    return send(identity == null ? request : request.header("Authorization", "Bearer " + identity));
  }

  private static Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body =
        response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    return new Answer(response.statusCode(), body, response.headers());
  }
}
