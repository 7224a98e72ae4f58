package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated API's endpoints: the key checked first, as Ittybit does, then each route. */
final class Routes {

  private static final Logger log = LoggerFactory.getLogger(Routes.class);

  private final String apiKey;
  private final SimulatedJobs jobs;
  private final JobCreator creator;
  private final WebhookEndpoints endpoints;
  private final Consumer<String> count;

  Routes(
      String apiKey,
      SimulatedJobs jobs,
      JobCreator creator,
      WebhookEndpoints endpoints,
      Consumer<String> count) {
    this.apiKey = apiKey;
    this.jobs = jobs;
    this.creator = creator;
    this.endpoints = endpoints;
    this.count = count;
  }

  void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        Replies.send(exchange, 401, Replies.error("token_invalid", "missing or invalid API key"));
        return;
      }
      route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange);
    } catch (RuntimeException e) {
      log.error("simulator failed on a request", e);
    }
  }

  private void route(String method, String path, HttpExchange exchange) throws IOException {
    if (method.equals("GET") && path.startsWith("/jobs/")) {
      count.accept("fetches");
      SimulatedJobs.Job job = jobs.get(path.substring("/jobs/".length()));
      if (job == null) {
        Replies.send(exchange, 404, Replies.error("job_not_found", "no such job"));
      } else {
        Replies.send(exchange, 200, jobs.render(job));
      }
    } else if (method.equals("GET") && path.equals("/jobs")) {
      count.accept("lists");
      Page page = Page.of(exchange.getRequestURI().getRawQuery());
      if (page.problem() != null) {
        Replies.send(exchange, 400, Replies.error("request_invalid", page.problem()));
      } else {
        page.send(exchange, jobs.newestFirst());
      }
    } else if (method.equals("POST") && path.equals("/jobs")) {
      count.accept("creates");
      creator.create(exchange);
    } else if (method.equals("POST") && path.equals("/webhooks/endpoints")) {
      endpoints.create(exchange);
    } else if (method.equals("GET") && path.equals("/webhooks/endpoints")) {
      endpoints.list(exchange);
    } else {
      Replies.send(
          exchange,
          method.equals("GET") || method.equals("POST") ? 404 : 405,
          Replies.error("not_found", method + " " + path + " is not an endpoint here"));
    }
  }
}
