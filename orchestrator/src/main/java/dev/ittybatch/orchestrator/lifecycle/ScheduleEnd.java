package dev.ittybatch.orchestrator.lifecycle;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import dev.ittybatch.common.identity.BatchId;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a done batch's reconciliation schedule: deletes its Cloud Scheduler job through the REST API
 * ({@code DELETE v1/projects/P/locations/L/jobs/J}, which needs {@code cloudscheduler.jobs.delete};
 * https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs/delete).
 * Deleted rather than paused: a later {@code deploy.sh run --retry} creates it again, where a
 * paused one would stay paused. Google's Java client for Cloud Scheduler is not among the libraries
 * this build can fetch, so the call goes through google-http-client with application-default
 * credentials.
 */
final class ScheduleEnd {

  private static final Logger log = LoggerFactory.getLogger(ScheduleEnd.class);

  /** The job deploy.sh's {@code run} creates for a batch: {@code ittybatch-reconcile-BATCH}. */
  static final String JOB_PREFIX = "ittybatch-reconcile-";

  static final String GOOGLE = "https://cloudscheduler.googleapis.com";

  private final String endpoint;
  private final String project;
  private final String location;
  private final Supplier<HttpRequestFactory> requests;

  /**
   * @param endpoint Cloud Scheduler, or another endpoint (a stand-in); null when this run has no
   *     schedule to end (it runs outside Cloud Run)
   * @param requests made on the first call: credentials are not looked up before one is needed
   */
  ScheduleEnd(
      String endpoint, String project, String location, Supplier<HttpRequestFactory> requests) {
    this.endpoint = endpoint;
    this.project = project;
    this.location = location;
    this.requests = requests;
  }

  boolean active() {
    return endpoint != null;
  }

  static String jobName(String project, String location, BatchId batchId) {
    return "projects/" + project + "/locations/" + location + "/jobs/" + JOB_PREFIX + batchId;
  }

  /** Deletes the schedule; what happened, for the run's output. Never throws. */
  String end(BatchId batchId) {
    String job = JOB_PREFIX + batchId;
    if (!active()) {
      return "no reconciliation schedule to end from here (it is ended by a pass in Cloud Run)";
    }
    try {
      HttpResponse response =
          requests
              .get()
              .buildDeleteRequest(
                  new GenericUrl(endpoint + "/v1/" + jobName(project, location, batchId)))
              .execute();
      response.disconnect();
      log.info("batch {} is done: its reconciliation schedule {} is deleted", batchId, job);
      return "its reconciliation schedule " + job + " is deleted: no more passes";
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == 404) {
        log.info("batch {} is done: its reconciliation schedule {} is gone already", batchId, job);
        return "its reconciliation schedule " + job + " was ended already";
      }
      String why =
          e.getStatusCode() == 403
              ? "grant the orchestrator's account cloudscheduler.jobs.delete (deploy/deploy.sh"
                  + " setup does)"
              : "Cloud Scheduler answered " + e.getStatusCode();
      log.error("could not end the schedule {}: {}; the next pass tries again", job, why);
      return "its schedule "
          + job
          + " could not be ended ("
          + why
          + "): deploy/deploy.sh"
          + " reconcile "
          + batchId
          + " --stop ends it";
    } catch (IOException | java.io.UncheckedIOException e) {
      log.error("could not end the schedule {}: {}; the next pass tries again", job, e.toString());
      return "its schedule "
          + job
          + " could not be ended ("
          + e.getClass().getSimpleName()
          + "): deploy/deploy.sh reconcile "
          + batchId
          + " --stop ends it";
    }
  }
}
