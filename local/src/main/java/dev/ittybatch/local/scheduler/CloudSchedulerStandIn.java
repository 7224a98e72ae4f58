package dev.ittybatch.local.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.local.LoopbackServers;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Identities;
import dev.ittybatch.local.iam.Resources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloud Scheduler's REST API ({@code v1}) for what the orchestrator does to a job: {@code DELETE
 * v1/projects/P/locations/L/jobs/J}, answered {@code {}} once the job is gone, 404 NOT_FOUND for a
 * job that is not there, 401 UNAUTHENTICATED without a bearer token and 403 PERMISSION_DENIED when
 * the grants do not hold {@code cloudscheduler.jobs.delete} on it, in Google's JSON error shape.
 * Every call is recorded with its identity in the {@link CallLog}
 * (https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs/delete). Jobs
 * are made by the test or run, as {@code deploy.sh run} makes them with gcloud. A caller without a
 * token may be taken for a given account, as the storage stand-in's can: a client pointed at an
 * emulator host sends no credentials.
 */
public final class CloudSchedulerStandIn implements AutoCloseable {

  static final String DELETE = "google.cloud.scheduler.v1.CloudScheduler.DeleteJob";
  private static final Pattern JOB =
      Pattern.compile("/v1/projects/([^/]+)/locations/([^/]+)/jobs/([A-Za-z0-9_-]{1,500})");

  private final CallLog calls;
  private final String unauthenticatedAs;
  private final HttpServer server;
  private final Set<String> jobs = ConcurrentHashMap.newKeySet();

  /**
   * @param unauthenticatedAs the account a request without a token is taken for; null answers it
   *     401, as Cloud Scheduler does
   */
  public CloudSchedulerStandIn(CallLog calls, String unauthenticatedAs) throws IOException {
    this.calls = calls;
    this.unauthenticatedAs = unauthenticatedAs;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** For {@code CLOUD_SCHEDULER_EMULATOR_HOST}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A job as {@code gcloud scheduler jobs create http} makes it. */
  public void create(String project, String location, String job) {
    jobs.add(name(project, location, job));
  }

  public boolean exists(String project, String location, String job) {
    return jobs.contains(name(project, location, job));
  }

  private static String name(String project, String location, String job) {
    return "projects/" + project + "/locations/" + location + "/jobs/" + job;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher job = JOB.matcher(exchange.getRequestURI().getRawPath());
      if (!job.matches()) {
        send(exchange, 404, error(404, "NOT_FOUND", "No such method or resource."));
        return;
      }
      if (!exchange.getRequestMethod().equals("DELETE")) {
        send(exchange, 405, error(405, "METHOD_NOT_ALLOWED", "Only DELETE is served here."));
        return;
      }
      String identity =
          Identities.fromAuthorization(exchange.getRequestHeaders().getFirst("Authorization"));
      if (Identities.ANONYMOUS.equals(identity) && unauthenticatedAs != null) {
        identity = unauthenticatedAs;
      }
      if (Identities.ANONYMOUS.equals(identity)) {
        calls.check(identity, DELETE, "cloudscheduler.jobs.delete", resource(job));
        send(
            exchange,
            401,
            error(
                401,
                "UNAUTHENTICATED",
                "Request is missing required authentication credential. Expected OAuth 2 access"
                    + " token, login cookie or other valid authentication credential."));
        return;
      }
      if (!calls.check(identity, DELETE, "cloudscheduler.jobs.delete", resource(job))) {
        send(
            exchange,
            403,
            error(
                403,
                "PERMISSION_DENIED",
                "The principal (user or service account) lacks IAM permission"
                    + " \"cloudscheduler.jobs.delete\" for the resource \""
                    + name(job.group(1), job.group(2), job.group(3))
                    + "\" (or the resource may not exist)."));
        return;
      }
      if (!jobs.remove(name(job.group(1), job.group(2), job.group(3)))) {
        send(exchange, 404, error(404, "NOT_FOUND", "Job not found."));
        return;
      }
      send(exchange, 200, "{}");
    }
  }

  private static String resource(Matcher job) {
    return Resources.schedulerJob(job.group(1), job.group(2), job.group(3));
  }

  private static String error(int code, String status, String message) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message.replace("\"", "\\\"")
        + "\",\"status\":\""
        + status
        + "\"}}";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    LoopbackServers.send(exchange, status, "application/json; charset=UTF-8", body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
