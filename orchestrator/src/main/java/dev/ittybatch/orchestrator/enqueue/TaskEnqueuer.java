package dev.ittybatch.orchestrator.enqueue;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.Task;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates tasks with up to {@code concurrency} CreateTask calls in flight. Cloud Tasks has no batch
 * create, so throughput comes from overlap: 64 calls of 20 ms each make ~3,000 tasks/s where a loop
 * makes 50. {@link #submit} blocks while all permits are out, so the manifest reader never runs
 * ahead of the queue by more than {@code concurrency} entries.
 *
 * <p>ALREADY_EXISTS means an earlier run (or an earlier attempt of this one) created the task: it
 * is counted, not failed. Transient errors are retried with jittered exponential backoff. Permanent
 * ones stop the run: when the queue is missing or the account may not use it, every other entry
 * would fail the same way.
 */
final class TaskEnqueuer implements AutoCloseable {

  static final Set<StatusCode.Code> TRANSIENT =
      EnumSet.of(
          StatusCode.Code.UNAVAILABLE,
          StatusCode.Code.DEADLINE_EXCEEDED,
          StatusCode.Code.RESOURCE_EXHAUSTED,
          StatusCode.Code.INTERNAL,
          StatusCode.Code.ABORTED,
          StatusCode.Code.UNKNOWN,
          StatusCode.Code.CANCELLED);

  private static final int MAX_FAILURES_KEPT = 50;

  private final UnaryCallable<CreateTaskRequest, Task> createTask;
  private final int concurrency;
  private final int maxAttempts;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;
  private final Progress progress;
  private final Semaphore permits;
  private final ScheduledExecutorService retryTimer;
  private final AtomicReference<EnqueueFailure> stopped = new AtomicReference<>();
  private final List<EnqueueFailure> failures = Collections.synchronizedList(new ArrayList<>());

  public TaskEnqueuer(
      UnaryCallable<CreateTaskRequest, Task> createTask,
      int concurrency,
      int maxAttempts,
      long initialBackoffMillis,
      long maxBackoffMillis,
      Progress progress) {
    this.createTask = createTask;
    this.concurrency = concurrency;
    this.maxAttempts = maxAttempts;
    this.initialBackoffMillis = initialBackoffMillis;
    this.maxBackoffMillis = maxBackoffMillis;
    this.progress = progress;
    this.permits = new Semaphore(concurrency);
    this.retryTimer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "create-task-retry");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts creating one task, waiting for a free slot first.
   *
   * @return false when a permanent failure has stopped the run: stop submitting
   */
  public boolean submit(CreateTaskRequest request) throws InterruptedException {
    if (stopped.get() != null) {
      return false;
    }
    permits.acquire();
    if (stopped.get() != null) {
      permits.release();
      return false;
    }
    attempt(request, 1);
    return true;
  }

  /** Waits until every submitted task is settled: created, already there, or failed. */
  public void awaitAll() throws InterruptedException {
    permits.acquire(concurrency);
    permits.release(concurrency);
  }

  /** The permanent failure that stopped the run, if any. */
  public EnqueueFailure stoppedBy() {
    return stopped.get();
  }

  /** The first failures, for the final report. */
  public List<EnqueueFailure> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  private void attempt(CreateTaskRequest request, int attempt) {
    ApiFuture<Task> call;
    try {
      call = createTask.futureCall(request);
    } catch (RuntimeException e) {
      call = ApiFutures.immediateFailedFuture(e);
    }
    ApiFutures.addCallback(
        call,
        new ApiFutureCallback<>() {
          @Override
          public void onSuccess(Task task) {
            progress.enqueued();
            permits.release();
          }

          @Override
          public void onFailure(Throwable error) {
            settleFailure(request, attempt, error);
          }
        },
        MoreExecutors.directExecutor());
  }

  private void settleFailure(CreateTaskRequest request, int attempt, Throwable error) {
    StatusCode.Code code = codeOf(error);
    if (code == StatusCode.Code.ALREADY_EXISTS) {
      progress.alreadyEnqueued();
      permits.release();
      return;
    }
    String taskId = request.getTask().getName().replaceFirst(".*/", "");
    String message = error.getMessage() == null ? code.name() : error.getMessage();
    boolean retryable = TRANSIENT.contains(code);
    if (retryable && attempt < maxAttempts && stopped.get() == null) {
      progress.retried();
      try {
        retryTimer.schedule(
            () -> attempt(request, attempt + 1), backoffMillis(attempt), TimeUnit.MILLISECONDS);
        return;
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // Shutting down: fall through and count the task as failed.
      }
    }
    EnqueueFailure failure = new EnqueueFailure(taskId, code, message, !retryable);
    if (!retryable) {
      stopped.compareAndSet(null, failure);
    }
    if (failures.size() < MAX_FAILURES_KEPT) {
      failures.add(failure);
    }
    progress.failed();
    permits.release();
  }

  /** Exponential backoff, jittered between half and all of each step so retries spread out. */
  long backoffMillis(int attempt) {
    long ceiling = initialBackoffMillis << Math.min(attempt - 1, 20);
    ceiling = Math.min(Math.max(ceiling, 1), maxBackoffMillis);
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }

  static StatusCode.Code codeOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return api.getStatusCode().getCode();
      }
      if (t instanceof StatusRuntimeException grpc) {
        return StatusCode.Code.valueOf(grpc.getStatus().getCode().name());
      }
    }
    return StatusCode.Code.valueOf(Status.fromThrowable(error).getCode().name());
  }

  @Override
  public void close() {
    retryTimer.shutdownNow();
  }
}
