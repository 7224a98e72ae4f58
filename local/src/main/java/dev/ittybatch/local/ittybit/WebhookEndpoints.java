package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Webhook Endpoints resource (https://ittybit.com/api/webhooks/create and /list): {@code POST
 * /webhooks/endpoints {url, topics, name}} answers the endpoint with its signing secret; {@code GET
 * /webhooks/endpoints} answers a bare array, newest first, with cursor pagination. Registering the
 * same URL twice makes two endpoints, each delivered to, as nothing published says otherwise: a
 * setup that is not idempotent shows up as doubled deliveries.
 */
final class WebhookEndpoints {

  /** The topics the webhook pages list; anything else is refused. */
  static final Set<String> TOPICS =
      Set.of(
          "task.created",
          "task.updated",
          "task.succeeded",
          "task.failed",
          "run.created",
          "run.updated",
          "run.succeeded",
          "run.failed");

  private static final Set<String> FIELDS = Set.of("url", "topics", "name");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One registered endpoint. */
  record Endpoint(String id, String url, List<String> topics, ObjectNode body) {}

  private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final boolean refuseUnknownFields;

  WebhookEndpoints(boolean refuseUnknownFields) {
    this.refuseUnknownFields = refuseUnknownFields;
  }

  /** Active endpoints subscribed to the topic, oldest first. */
  List<String> urlsFor(String topic) {
    List<String> urls = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      if (endpoint.topics().contains(topic)) {
        urls.add(endpoint.url());
      }
    }
    return urls;
  }

  int count() {
    return endpoints.size();
  }

  void create(HttpExchange exchange) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = JSON.readTree(in.readAllBytes());
    } catch (JacksonException e) {
      Replies.send(exchange, 400, Replies.error("request_invalid", "body is not JSON"));
      return;
    }
    String problem = problem(request);
    if (problem != null) {
      Replies.send(exchange, 400, Replies.error("request_invalid", problem));
      return;
    }
    List<String> topics = new ArrayList<>();
    request.get("topics").forEach(topic -> topics.add(topic.stringValue()));
    long now = System.currentTimeMillis();
    byte[] id = new byte[8];
    byte[] secret = new byte[24];
    random.nextBytes(id);
    random.nextBytes(secret);
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "we_" + HexFormat.of().formatHex(id));
    body.put("object", "webhook_endpoint");
    body.put("name", request.path("name").asString(""));
    body.put("url", request.get("url").stringValue());
    ArrayNode list = body.putArray("topics");
    topics.forEach(list::add);
    body.put("status", "active");
    // The signature format is not published: deliveries are signed with the run's secret, and
    // this one is only shown, as Ittybit shows it.
    body.put("secret", "whsec_" + HexFormat.of().formatHex(secret));
    body.put("verified_at", now);
    body.put("created_at", now);
    body.put("updated_at", now);
    endpoints.add(
        new Endpoint(
            body.get("id").stringValue(),
            body.get("url").stringValue(),
            List.copyOf(topics),
            body));
    Replies.send(exchange, 201, JSON.writeValueAsBytes(body));
  }

  private String problem(JsonNode request) {
    if (!request.isObject()) {
      return "body must be a JSON object";
    }
    if (refuseUnknownFields) {
      for (String name : request.propertyNames()) {
        if (!FIELDS.contains(name)) {
          return "unknown field " + name + ": expected url, topics, name";
        }
      }
    }
    String url = request.path("url").asString("");
    if (!httpsOrLoopback(url)) {
      return "url must be an https:// URL";
    }
    JsonNode topics = request.path("topics");
    if (!topics.isArray() || topics.isEmpty()) {
      return "topics must be a non-empty array";
    }
    for (JsonNode topic : topics) {
      if (!topic.isString() || !TOPICS.contains(topic.stringValue())) {
        return "unknown topic " + topic + ": expected some of " + TOPICS;
      }
    }
    return null;
  }

  /**
   * The webhook pages refuse plain-HTTP endpoints; a run on one machine has no TLS, so plain HTTP
   * to this machine passes, and only that.
   */
  static boolean httpsOrLoopback(String url) {
    try {
      URI uri = URI.create(url);
      if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
        return true;
      }
      return "http".equals(uri.getScheme())
          && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code GET /webhooks/endpoints?limit=&after=}: a page, newest first. */
  void list(HttpExchange exchange) throws IOException {
    Page page = Page.of(exchange.getRequestURI().getRawQuery());
    if (page.problem() != null) {
      Replies.send(exchange, 400, Replies.error("request_invalid", page.problem()));
      return;
    }
    List<Endpoint> newestFirst = new ArrayList<>(endpoints);
    java.util.Collections.reverse(newestFirst);
    List<ObjectNode> bodies = new ArrayList<>();
    newestFirst.forEach(endpoint -> bodies.add(endpoint.body()));
    page.send(exchange, bodies);
  }
}
