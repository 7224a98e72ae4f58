package dev.ittybatch.taskhandler.dispatch;

import dev.ittybatch.common.http.RetryLaterException;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import dev.ittybatch.common.results.DispatchAttempt;
import dev.ittybatch.common.results.DispatchOutcome;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.task.TaskPayload;
import dev.ittybatch.taskhandler.breaker.BatchBreaker;
import dev.ittybatch.taskhandler.signing.InputSigner;
import dev.ittybatch.taskhandler.signing.InputUnavailableException;
import dev.ittybatch.taskhandler.signing.SigningSetupException;
import dev.ittybatch.taskhandler.signing.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  private final JobCreation jobs;
  private final BatchBreaker breaker;
  private final ResultsStore results;
  private final TaskHandlerProperties properties;
  private final Clock clock;

  Dispatcher(
      InputSigner signer,
      JobCreation jobs,
      BatchBreaker breaker,
      ResultsStore results,
      TaskHandlerProperties properties,
      Clock clock) {
    this.signer = signer;
    this.jobs = jobs;
    this.breaker = breaker;
    this.results = results;
    this.properties = properties;
    this.clock = clock;
  }

  DispatchResult dispatch(TaskPayload task, TaskAttempt attempt) {
    Verdict verdict = attempt(task);
    if (verdict.decision() == Decision.ACCEPT) {
      breaker.jobMade(task.batchId());
    } else if (verdict.permanentRefusal() && held(task, attempt, verdict.refused())) {
      // Never this entry's rejected, nor given up on the last attempt: the task stays in the
      // paused queue until the cause is fixed and the queue resumed.
      throw new RetryLaterException(
          "batch_stopped",
          "the batch is stopped: "
              + verdict.message()
              + " came back for its entries alike; see deploy/deploy.sh status",
          null);
    }
    return switch (verdict.decision()) {
      case ACCEPT -> accept(task, attempt, verdict.jobId());
      case REJECT -> reject(task, attempt, verdict);
      case RETRY_SETUP -> {
        log.error("setup problem, retrying rather than rejecting: {}", verdict.message());
        yield retryOrGiveUp(task, attempt, verdict);
      }
      case CONFLICT -> {
        log.warn("idempotency conflict on attempt {}: {}", attempt.number(), verdict.message());
        yield retryOrGiveUp(task, attempt, verdict);
      }
      case RETRY -> {
        log.warn("retryable on attempt {}: {}", attempt.number(), verdict.message());
        yield retryOrGiveUp(task, attempt, verdict);
      }
      case GIVE_UP -> giveUp(task, attempt, verdict);
    };
  }

  private boolean held(TaskPayload task, TaskAttempt attempt, IttybitClient.Response refused) {
    return breaker.holds(
        task.batchId(),
        refused.status(),
        refused.errorKind(),
        refused.error() == null ? null : refused.error().message(),
        attempt.queueName());
  }

  /** Every failure of this attempt, mapped to a decision here and nowhere else. */
  private Verdict attempt(TaskPayload task) {
    Verdict stale = staleness(task);
    if (stale != null) {
      return stale;
    }
    String input;
    try {
      input = signer.inputUrl(task.path(), task.signedAt());
    } catch (InputUnavailableException e) {
      return Verdict.of(Decision.REJECT, e.kind(), e.getMessage());
    } catch (SigningSetupException e) {
      return Verdict.of(Decision.RETRY_SETUP, "signing_setup", e.getMessage());
    } catch (StorageUnavailableException e) {
      return Verdict.of(Decision.RETRY, "storage_unavailable", e.getMessage());
    }
    IttybitClient.Response response;
    try {
      response = jobs.create(task, input);
    } catch (IttybitUnreachableException e) {
      return Verdict.of(Decision.RETRY, "ittybit_unreachable", e.getMessage());
    }
    Decision decision =
        Decision.forIttybit(response.status(), response.errorKind(), response.describe());
    if (decision == Decision.ACCEPT) {
      return response.jobId() != null
          ? new Verdict(Decision.ACCEPT, response.jobId(), null, null, null, null)
          : Verdict.of(Decision.RETRY, "invalid_response", "Ittybit answered 2xx without a job id");
    }
    if (decision == Decision.CONFLICT) {
      return Verdict.of(
          Decision.CONFLICT,
          "idempotency_conflict",
          response.describe()
              + ". Ittybit already holds a different request under this entry's idempotency key"
              + " (sent within the last 24 h, for example by a re-run whose task was signed at"
              + " another time). If that request made a job, its outcome still arrives by webhook;"
              + " if this entry shows no outcome after 24 h, enqueue it again.");
    }
    return new Verdict(
        decision, null, response.errorKind(), response.describe(), response.retryAfter(), response);
  }

  /**
   * A task must carry the instant its URL is signed for, and that URL must stay valid long enough
   * for Ittybit to fetch it. A task that waited in the queue longer than that can never send the
   * same request again with a URL worth sending, so it ends now, with the way out in its message.
   */
  private Verdict staleness(TaskPayload task) {
    Instant signedAt = task.signedAt();
    if (signedAt == null) {
      return Verdict.of(
          Decision.GIVE_UP,
          "task_without_enqueued_at",
          "the task has no enqueued_at, so its attempts could not send identical requests; it"
              + " was created by an older orchestrator. Enqueue the entry again with this one.");
    }
    if (!task.path().startsWith("gs://")) {
      return null;
    }
    Instant expires = signedAt.plus(signer.ttl());
    Duration left = Duration.between(clock.instant(), expires);
    if (left.compareTo(properties.signedUrlMinValidity()) < 0) {
      return Verdict.of(
          Decision.GIVE_UP,
          "signed_url_window_passed",
          "the task was enqueued at "
              + signedAt
              + " and its signed URL expires at "
              + expires
              + ", less than "
              + properties.signedUrlMinValidity()
              + " from now. Enqueue the entry again (re-run the orchestrator an hour or more"
              + " after this, once Cloud Tasks has freed the task name).");
    }
    return null;
  }

  /**
   * The dispatched row is written before the 200, like every other row. On Cloud Run the CPU is
   * throttled once the answer is sent and the instance may be stopped soon after, so a row queued
   * "in the background" could stall or be lost. It shares a write with the other rows in flight, so
   * the wait is one store round trip; if the store fails, the 503 makes Cloud Tasks retry, and the
   * retry gets the same job back under the same idempotency key.
   */
  private DispatchResult accept(TaskPayload task, TaskAttempt attempt, String jobId) {
    MDC.put("job_id", jobId);
    results.record(row(task, attempt, DispatchOutcome.dispatched(jobId)));
    log.info("dispatched as Ittybit job {}", jobId);
    return new DispatchResult(ResultStatus.DISPATCHED.wireName(), jobId, null, null);
  }

  private DispatchResult reject(TaskPayload task, TaskAttempt attempt, Verdict verdict) {
    results.record(row(task, attempt, DispatchOutcome.rejected(verdict.kind(), verdict.message())));
    log.warn("rejected ({}): {}", verdict.kind(), verdict.message());
    return new DispatchResult(
        ResultStatus.REJECTED.wireName(), null, verdict.kind(), verdict.message());
  }

  /**
   * Retry while Cloud Tasks still will; on its last attempt record the failure instead, because
   * when attempts run out Cloud Tasks deletes the task and nothing would say what became of it.
   */
  private DispatchResult retryOrGiveUp(TaskPayload task, TaskAttempt attempt, Verdict verdict) {
    if (!attempt.last(properties.maxAttempts())) {
      throw new RetryLaterException(verdict.kind(), verdict.message(), verdict.retryAfter());
    }
    return giveUp(task, attempt, verdict);
  }

  private DispatchResult giveUp(TaskPayload task, TaskAttempt attempt, Verdict verdict) {
    results.record(row(task, attempt, DispatchOutcome.failed(verdict.kind(), verdict.message())));
    log.error(
        "gave up on attempt {} ({}): {}", attempt.number(), verdict.kind(), verdict.message());
    return new DispatchResult(
        ResultStatus.DISPATCH_FAILED.wireName(), null, verdict.kind(), verdict.message());
  }

  /** Outcome rows are stored before Cloud Tasks gets its 200: that 200 deletes the task. */
  private ResultRow row(TaskPayload task, TaskAttempt attempt, DispatchOutcome outcome) {
    return ResultRow.fromDispatch(
        new DispatchAttempt(
            task.identity(),
            task.generation(),
            attempt.number(),
            task.kind().wireName(),
            task.path()),
        outcome,
        clock.instant());
  }
}
