package dev.ittybatch.orchestrator.webhooks;

import dev.ittybatch.common.ittybit.client.IttybitClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The webhook endpoints Ittybit has for our key (https://ittybit.com/api/webhooks/list), read page
 * by page, and which of them is the one for a URL. The list carries each endpoint's signing secret
 * and our URLs carry their token: nothing read here is printed whole.
 */
public final class RegisteredEndpoints {

  /** The topics an endpoint of ours must have: a job's task ending either way. */
  public static final List<String> TOPICS = List.of("task.succeeded", "task.failed");

  /** More pages than this is not an account this tool set up. */
  private static final int MAX_PAGES = 50;

  /** One endpoint as listed. */
  public record Endpoint(String id, String url, List<String> topics, String status) {

    public boolean active() {
      // An older or terser answer may omit the status: only a stated pause counts against it.
      return status == null || status.equals("active");
    }

    public boolean subscribed() {
      return topics.containsAll(TOPICS);
    }
  }

  /** What listing found, or why it could not list. */
  public record Listing(List<Endpoint> endpoints, IttybitClient.Response refusal) {}

  private final IttybitClient ittybit;

  public RegisteredEndpoints(IttybitClient ittybit) {
    this.ittybit = ittybit;
  }

  /**
   * @throws dev.ittybatch.common.ittybit.client.IttybitUnreachableException when Ittybit does not
   *     answer
   */
  public Listing list() {
    List<Endpoint> all = new ArrayList<>();
    String after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      IttybitClient.Response response = ittybit.listWebhookEndpoints(after);
      if (!response.ok()) {
        return new Listing(all, response);
      }
      List<JsonNode> items = IttybitClient.items(response.body());
      for (JsonNode item : items) {
        List<String> topics = new ArrayList<>();
        item.path("topics").forEach(topic -> topics.add(topic.asString()));
        all.add(
            new Endpoint(
                item.path("id").asString(null),
                item.path("url").asString(null),
                topics,
                item.path("status").asString(null)));
      }
      if (items.size() < 100 || items.get(items.size() - 1).path("id").asString(null) == null) {
        break;
      }
      after = items.get(items.size() - 1).path("id").asString();
    }
    return new Listing(all, null);
  }

  /** The endpoints whose URL is this one, exactly (the token included). */
  public static List<Endpoint> exactly(List<Endpoint> endpoints, String url) {
    return endpoints.stream().filter(e -> Objects.equals(e.url(), url)).toList();
  }

  /** The endpoints at the same address with another query (another token). */
  public static List<Endpoint> sameAddress(List<Endpoint> endpoints, String url) {
    return endpoints.stream()
        .filter(e -> e.url() != null && !e.url().equals(url))
        .filter(e -> address(e.url()).equals(address(url)))
        .toList();
  }

  /** The URL without its query: what may be printed and compared. */
  public static String address(String url) {
    try {
      URI uri = URI.create(url);
      return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), null, null).toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      int query = url.indexOf('?');
      return query < 0 ? url : url.substring(0, query);
    }
  }
}
