package dev.ittybatch.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The stand-in against Cloud Scheduler's documented DeleteJob: answers, errors and grants. */
class CloudSchedulerStandInTest {

  static final String ORCHESTRATOR = "ittybatch-orchestrator@p.iam.gserviceaccount.com";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> delete(CloudSchedulerStandIn scheduler, String job, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(scheduler.baseUrl() + "/v1/projects/p/locations/eu/jobs/" + job))
            .DELETE();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void deletesAJobOnceThenAnswersNotFoundAndRecordsWhoAsked() throws Exception {
    CallLog calls = CallLog.allowingAll();
    try (CloudSchedulerStandIn scheduler = new CloudSchedulerStandIn(calls, null)) {
      scheduler.create("p", "eu", "ittybatch-reconcile-lib");

      HttpResponse<String> deleted = delete(scheduler, "ittybatch-reconcile-lib", ORCHESTRATOR);
      HttpResponse<String> again = delete(scheduler, "ittybatch-reconcile-lib", ORCHESTRATOR);

      assertThat(deleted.statusCode()).isEqualTo(200);
      assertThat(deleted.body()).isEqualTo("{}");
      assertThat(scheduler.exists("p", "eu", "ittybatch-reconcile-lib")).isFalse();
      assertThat(again.statusCode()).isEqualTo(404);
      assertThat(again.body()).contains("\"status\":\"NOT_FOUND\"");
      assertThat(calls.calls())
          .containsOnly(
              new Call(
                  ORCHESTRATOR,
                  CloudSchedulerStandIn.DELETE,
                  "cloudscheduler.jobs.delete",
                  Resources.schedulerJob("p", "eu", "ittybatch-reconcile-lib"),
                  true));
    }
  }

  @Test
  void refusesAnAnonymousCallerAndOneTheGrantsDoNotCover() throws Exception {
    CallLog calls =
        new CallLog(
            (identity, permission, resource) ->
                identity.equals(ORCHESTRATOR) && permission.equals("cloudscheduler.jobs.delete"));
    try (CloudSchedulerStandIn scheduler = new CloudSchedulerStandIn(calls, null)) {
      scheduler.create("p", "eu", "ittybatch-reconcile-lib");

      HttpResponse<String> anonymous = delete(scheduler, "ittybatch-reconcile-lib", null);
      HttpResponse<String> stranger =
          delete(scheduler, "ittybatch-reconcile-lib", "someone@p.iam.gserviceaccount.com");

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).contains("\"status\":\"UNAUTHENTICATED\"");
      assertThat(stranger.statusCode()).isEqualTo(403);
      assertThat(stranger.body())
          .contains("\"status\":\"PERMISSION_DENIED\"")
          .contains("cloudscheduler.jobs.delete");
      assertThat(scheduler.exists("p", "eu", "ittybatch-reconcile-lib")).isTrue();
      assertThat(calls.refused()).hasSize(2);
    }
    try (CloudSchedulerStandIn scheduler = new CloudSchedulerStandIn(calls, ORCHESTRATOR)) {
      scheduler.create("p", "eu", "ittybatch-reconcile-lib");
      assertThat(delete(scheduler, "ittybatch-reconcile-lib", null).statusCode())
          .as("an emulator's client sends no token; taken for the account given")
          .isEqualTo(200);
    }
  }
}
