package dev.ittybatch.taskhandler.dispatch;

import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.ittybit.CreateJobRequest;
import dev.ittybatch.common.ittybit.IttybitError;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.task.TaskPayload;
import dev.ittybatch.taskhandler.config.TaskHandlerProperties;
import dev.ittybatch.taskhandler.ittybit.IttybitClient;
import dev.ittybatch.taskhandler.ittybit.IttybitUnreachableException;
import dev.ittybatch.taskhandler.signing.InputSigner;
import dev.ittybatch.taskhandler.signing.InputUnavailableException;
import dev.ittybatch.taskhandler.signing.SigningSetupException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * One task: sign the input, create the Ittybit job, record the outcome. Every way this can end
 * either answers 200 after a row is stored (dispatched, rejected, dispatch_failed) or asks Cloud
 * Tasks to retry; nothing ends with the task silently deleted.
 */
@Service
class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final InputSigner signer;
  private final IttybitClient ittybit;
  private final ResultsStore results;
  private final TaskHandlerProperties properties;
  private final Clock clock;

  Dispatcher(
      InputSigner signer,
      IttybitClient ittybit,
      ResultsStore results,
      TaskHandlerProperties properties,
      Clock clock) {
    this.signer = signer;
    this.ittybit = ittybit;
    this.results = results;
    this.properties = properties;
    this.clock = clock;
  }

  DispatchResult dispatch(TaskPayload task, TaskAttempt attempt) {
    EntryIdentity identity = task.identity();
    String input;
    try {
      input = signer.inputUrl(task.path());
    } catch (InputUnavailableException e) {
      return reject(task, attempt, e.kind(), e.getMessage());
    } catch (SigningSetupException e) {
      log.error("setup problem, will retry: {}", e.getMessage());
      return retryOrGiveUp(task, attempt, "signing_setup", e.getMessage(), null);
    }

    IttybitClient.Response response;
    try {
      response = ittybit.createJob(request(task, input), identity.idempotencyKey());
    } catch (IttybitUnreachableException e) {
      log.warn("Ittybit unreachable on attempt {}: {}", attempt.number(), e.getMessage());
      return retryOrGiveUp(task, attempt, "ittybit_unreachable", e.getMessage(), null);
    }

    IttybitError error = response.error();
    String errorKind =
        error != null && error.kind() != null ? error.kind() : "http_" + response.status();
    String message =
        "Ittybit answered "
            + response.status()
            + (error != null && error.message() != null ? ": " + error.message() : "");
    switch (Decision.forIttybitStatus(response.status())) {
      case ACCEPT -> {
        if (response.job() == null || response.job().id() == null) {
          return retryOrGiveUp(
              task, attempt, "invalid_response", "Ittybit answered 2xx without a job id", null);
        }
        return accept(task, attempt, response.job().id());
      }
      case REJECT -> {
        return reject(task, attempt, errorKind, message);
      }
      case RETRY_SETUP -> {
        log.error(
            "Ittybit refused our credentials or account ({}); fix ITTYBIT_API_KEY or the account."
                + " Retrying, not rejecting.",
            message);
        return retryOrGiveUp(task, attempt, errorKind, message, response.retryAfter());
      }
      default -> {
        log.warn("retryable answer on attempt {}: {}", attempt.number(), message);
        return retryOrGiveUp(task, attempt, errorKind, message, response.retryAfter());
      }
    }
  }

  private CreateJobRequest request(TaskPayload task, String input) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("batch_id", task.batchId());
    metadata.put("entry_id", task.entryId());
    if (task.path().startsWith(GcsPath.SCHEME)) {
      GcsPath gcs = GcsPath.parse(task.path());
      metadata.put("source_bucket", gcs.bucket());
      metadata.put("source_key", gcs.object());
    } else {
      metadata.put("source_key", task.path());
    }
    return new CreateJobRequest(
        input, task.kind(), task.options(), properties.webhookUrlForJobs(), metadata);
  }

  /**
   * The dispatched row is progress, not an outcome, so Cloud Tasks does not wait for it: a
   * synchronous BigQuery write would add its latency to every dispatch. If it is lost, the
   * webhook's row still records the outcome, and the job id is in this log line.
   */
  private DispatchResult accept(TaskPayload task, TaskAttempt attempt, String jobId) {
    MDC.put("job_id", jobId);
    results.recordInBackground(row(task, attempt, ResultStatus.DISPATCHED, jobId, null, null));
    log.info("dispatched as Ittybit job {}", jobId);
    return new DispatchResult(ResultStatus.DISPATCHED.wireName(), jobId, null, null);
  }

  private DispatchResult reject(
      TaskPayload task, TaskAttempt attempt, String kind, String message) {
    record(task, attempt, ResultStatus.REJECTED, null, kind, message);
    log.warn("rejected ({}): {}", kind, message);
    return new DispatchResult(ResultStatus.REJECTED.wireName(), null, kind, message);
  }

  /**
   * Retry while Cloud Tasks still will; on its last attempt record the failure instead, because
   * when attempts run out Cloud Tasks deletes the task and nothing would say what became of it.
   */
  private DispatchResult retryOrGiveUp(
      TaskPayload task, TaskAttempt attempt, String kind, String message, String retryAfter) {
    if (!attempt.last(properties.maxAttempts())) {
      throw new RetryLaterException(kind, message, retryAfter);
    }
    record(task, attempt, ResultStatus.DISPATCH_FAILED, null, kind, message);
    log.error("gave up after {} attempts ({}): {}", attempt.number(), kind, message);
    return new DispatchResult(ResultStatus.DISPATCH_FAILED.wireName(), null, kind, message);
  }

  /** Outcome rows are stored before Cloud Tasks gets its 200: that 200 deletes the task. */
  private void record(
      TaskPayload task,
      TaskAttempt attempt,
      ResultStatus status,
      String jobId,
      String errorKind,
      String errorMessage) {
    results.record(row(task, attempt, status, jobId, errorKind, errorMessage));
  }

  private ResultRow row(
      TaskPayload task,
      TaskAttempt attempt,
      ResultStatus status,
      String jobId,
      String errorKind,
      String errorMessage) {
    return ResultRow.fromDispatch(
        task.identity(),
        status,
        task.kind(),
        task.path(),
        jobId,
        errorKind,
        errorMessage,
        attempt.number(),
        clock.instant());
  }
}
