package dev.ittybatch.orchestrator.preflight;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.ittybit.IttybitJob;
import dev.ittybatch.common.ittybit.UnrecognizedEventException;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import dev.ittybatch.common.manifest.ManifestEntry;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.common.task.TaskPayload;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.enqueue.TaskRequests;
import dev.ittybatch.orchestrator.manifest.ManifestFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest's first entry the real way, as a batch of one of its own ({@code preflight-...}, so
 * its job is made under a preflight idempotency key and the batch later makes its own): a task in
 * the queue, the task-handler signing the input and creating the job, the signed URL opened from
 * here, and the outcome arriving through the webhook, or else found by fetching the job.
 */
final class WholeWay {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
  private static final Duration POLL = Duration.ofMillis(500);

  private final ManifestFiles files;
  private final TaskRequests requests;
  private final CloudTasksClient tasks;
  private final BatchStore store;
  private final PreflightProperties properties;
  private final InputCheck inputs;
  private final Clock clock;

  WholeWay(
      ManifestFiles files,
      TaskRequests requests,
      CloudTasksClient tasks,
      BatchStore store,
      PreflightProperties properties,
      InputCheck inputs,
      Clock clock) {
    this.files = files;
    this.requests = requests;
    this.tasks = tasks;
    this.store = store;
    this.properties = properties;
    this.inputs = inputs;
    this.clock = clock;
  }

  void check(String manifest, IttybitClient ittybit, Report report) throws InterruptedException {
    ManifestEntry entry = firstEntry(manifest, report);
    if (entry == null) {
      return;
    }
    Instant started = clock.instant();
    Instant now = started.truncatedTo(ChronoUnit.SECONDS);
    BatchId batch = new BatchId("preflight-" + STAMP.format(started));
    TaskPayload payload = TaskPayload.of(batch, entry, 0, now);
    CreateTaskRequest request = requests.create(payload, payload.identity());
    String taskName = request.getTask().getName();
    try {
      tasks.createTask(request);
      report.ok("task created", taskName.substring(taskName.lastIndexOf('/') + 1));
    } catch (ApiException e) {
      report.failed(
          "task created",
          e.getStatusCode().getCode() + ": " + e.getMessage(),
          "the orchestrator's account must enqueue to the queue (roles/cloudtasks.enqueuer) and"
              + " act as the invoker account (roles/iam.serviceAccountUser); deploy/deploy.sh setup"
              + " grants both and creates the queue");
      return;
    }
    Rows rows = new Rows(store, payload);
    Instant deadline = clock.instant().plus(properties.timeout());
    Rows.Row verdict = rows.awaitFirst(deadline);
    if (verdict == null) {
      report.failed(
          "job created",
          "nothing recorded for the entry within " + properties.timeout(),
          "check that the task-handler is deployed and its invoker may call it"
              + " (roles/run.invoker), and that the queue runs (deploy/deploy.sh status; resume"
              + " it with deploy/deploy.sh resume)");
      return;
    }
    String status = verdict.status();
    if (!"dispatched".equals(status) && verdict.jobId() == null) {
      report.failed(
          "job created",
          "the task-handler recorded "
              + status
              + ": "
              + verdict.errorKind()
              + " "
              + verdict.errorMessage(),
          Fixes.forRefusal(verdict.errorKind()));
      return;
    }
    String jobId = verdict.jobId();
    report.ok(
        "job created",
        "the task-handler signed the input and created job "
            + jobId
            + " under the preflight key of "
            + batch);
    inputs.check(ittybit, jobId, report);
    outcome(rows, ittybit, jobId, deadline, report);
  }

  private ManifestEntry firstEntry(String manifest, Report report) {
    List<String> invalid = new ArrayList<>();
    try (ManifestReader reader = ManifestReader.open(files.open(manifest), manifest)) {
      while (reader.hasNext()) {
        ManifestRecord record = reader.next();
        if (record instanceof ManifestRecord.Valid valid) {
          ManifestEntry entry = valid.entry();
          report.ok(
              "first entry",
              "line " + entry.line() + ": " + entry.path() + " (" + entry.kind() + ")");
          return entry;
        }
        if (invalid.size() < 3) {
          invalid.add(String.valueOf(((ManifestRecord.Invalid) record).line()));
        }
      }
    } catch (RuntimeException e) {
      report.failed("first entry", e.getMessage(), "check the manifest's location and access");
      return null;
    }
    report.failed(
        "first entry",
        "no valid entry" + (invalid.isEmpty() ? "" : " (invalid lines " + invalid + ", ...)"),
        "fix the manifest: run the orchestrator with --dry-run to list its mistakes");
    return null;
  }

  /**
   * The outcome through the webhook, as a batch gets it; failing that, the job itself, which says
   * whether it is the webhook that does not come.
   */
  private void outcome(
      Rows rows, IttybitClient ittybit, String jobId, Instant deadline, Report report)
      throws InterruptedException {
    Instant finishedAt = null;
    IttybitJob job = null;
    Instant nextFetch = clock.instant();
    while (clock.instant().isBefore(deadline)) {
      Rows.Row outcome = rows.byWebhook();
      if (outcome != null) {
        String status = outcome.status();
        if ("succeeded".equals(status)) {
          report.ok("outcome by webhook", "job " + jobId + " " + status);
        } else {
          report.failed(
              "outcome by webhook",
              "job "
                  + jobId
                  + " "
                  + status
                  + ": "
                  + outcome.errorKind()
                  + " "
                  + outcome.errorMessage(),
              "the first entry's file or options: see Ittybit's reason");
        }
        return;
      }
      if (!clock.instant().isBefore(nextFetch)) {
        job = fetch(ittybit, jobId);
        nextFetch = clock.instant().plusSeconds(2);
        if (job != null && job.terminal() && finishedAt == null) {
          finishedAt = clock.instant();
        }
      }
      if (finishedAt != null
          && Duration.between(finishedAt, clock.instant()).compareTo(properties.webhookGrace())
              > 0) {
        break;
      }
      Thread.sleep(POLL.toMillis());
    }
    report.failed(
        "outcome by webhook",
        "none within "
            + (finishedAt != null
                ? properties.webhookGrace() + " of the job finishing"
                : properties.timeout()),
        "check the endpoint (deploy/deploy.sh setup registers it), the webhook-handler's token and"
            + " its log; until fixed, outcomes arrive only by reconciliation");
    if (job != null && job.terminal()) {
      report.ok("outcome by fetch", "GET /jobs/" + jobId + " says " + job.status().wireName());
    } else {
      report.failed(
          "outcome by fetch",
          "job " + jobId + " is " + (job == null ? "not readable" : job.status().wireName()),
          "Ittybit has not finished it: try again later, with a larger PREFLIGHT_TIMEOUT");
    }
  }

  private static IttybitJob fetch(IttybitClient ittybit, String jobId) {
    try {
      IttybitClient.Response answer = ittybit.getJob(jobId);
      return answer.ok() ? IttybitJob.read(answer.body()) : null;
    } catch (IttybitUnreachableException | UnrecognizedEventException e) {
      return null;
    }
  }
}
