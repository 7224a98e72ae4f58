package dev.ittybatch.local.run;

import dev.ittybatch.local.deploy.Command;
import dev.ittybatch.local.deploy.GcloudLists;
import dev.ittybatch.local.iam.Resources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cloud Scheduler as the records leave it: {@code gcloud scheduler jobs create|update http} keeps a
 * schedule (and the scheduler stand-in holds it, for the orchestrator to end), and a pass is the
 * schedule's HTTP call to the Run Admin API with its body, as its OAuth account, which needs {@code
 * run.jobs.run} and, since the body overrides the arguments, {@code run.jobs.runWithOverrides}
 * (https://cloud.google.com/run/docs/execute/jobs#override-job-configuration).
 */
final class RehearsedSchedules {

  private static final Pattern RUN_URI =
      Pattern.compile(
          "https://run\\.googleapis\\.com/v2/projects/([^/]+)/locations/([^/]+)/jobs/([^/:]+):run");

  /** A schedule as {@code gcloud scheduler jobs create|update http} leaves it. */
  record Schedule(
      Command line, String uri, String body, Map<String, String> headers, String account) {}

  private final Rehearsal rehearsal;
  private final Map<String, Schedule> schedules = new LinkedHashMap<>();

  RehearsedSchedules(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
  }

  void schedule(Command command) {
    String name = command.positionals().get(4);
    Map<String, String> headers = new LinkedHashMap<>();
    Schedule before = schedules.get(name);
    if (command.positionals().get(2).equals("update")) {
      if (before == null) {
        throw new IllegalStateException(command.where() + ": NOT_FOUND: schedule " + name);
      }
      headers.putAll(before.headers());
      headers.putAll(GcloudLists.splitDict(command.flag("--update-headers").orElse("")));
    } else if (before != null) {
      return;
    } else {
      headers.putAll(GcloudLists.splitDict(command.flag("--headers").orElse("")));
    }
    schedules.put(
        name,
        new Schedule(
            command,
            command.requiredFlag("--uri"),
            command.requiredFlag("--message-body"),
            headers,
            command.requiredFlag("--oauth-service-account-email")));
    rehearsal.scheduler.create(
        command.requiredFlag("--project"), command.requiredFlag("--location"), name);
  }

  /**
   * One of the schedule's passes, as Cloud Scheduler makes it {@code later} after now: its POST to
   * the Run Admin API, then the execution it starts. The body goes as {@code
   * application/octet-stream} unless the schedule's headers say otherwise, and the Run Admin API
   * reads only JSON.
   */
  int fire(String name, Duration later) {
    Schedule schedule = schedules.get(name);
    if (schedule == null) {
      throw new IllegalStateException("no schedule " + name);
    }
    String where = schedule.line().where();
    String type = schedule.headers().getOrDefault("Content-Type", "application/octet-stream");
    if (!type.startsWith("application/json")) {
      throw new IllegalStateException(
          where
              + ": the Run Admin API answers 400 INVALID_ARGUMENT to a body sent as "
              + type
              + " (Cloud Scheduler's default without --headers=Content-Type=application/json)");
    }
    Matcher uri = RUN_URI.matcher(schedule.uri());
    if (!uri.matches()) {
      throw new IllegalStateException(
          where + ": not a Run Admin API jobs.run URI: " + schedule.uri());
    }
    String resource = Resources.runJob(uri.group(1), uri.group(2), uri.group(3));
    JsonNode overrides = JsonMapper.builder().build().readTree(schedule.body()).path("overrides");
    String method = "google.cloud.run.v2.Jobs.RunJob";
    List<String> needed = new ArrayList<>(List.of("run.jobs.run"));
    if (!overrides.isMissingNode()) {
      needed.add("run.jobs.runWithOverrides");
    }
    for (String permission : needed) {
      if (!rehearsal.calls.check(schedule.account(), method, permission, resource)) {
        throw new IllegalStateException(
            where
                + ": 403 PERMISSION_DENIED: "
                + schedule.account()
                + " lacks "
                + permission
                + " on "
                + resource
                + ": every scheduled pass is refused");
      }
    }
    List<String> args = new ArrayList<>();
    overrides
        .path("containerOverrides")
        .path(0)
        .path("args")
        .forEach(arg -> args.add(arg.asString()));
    int tasks = overrides.path("taskCount").asInt(1);
    Clock then = Clock.offset(Clock.systemUTC(), later);
    RunAdmin jobs = rehearsal.runAdmin;
    return jobs.run(
        jobs.deployed(where, uri.group(3)), where, args, tasks, Map.of("rehearsalClock", then));
  }
}
