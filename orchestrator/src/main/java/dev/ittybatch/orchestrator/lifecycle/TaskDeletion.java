package dev.ittybatch.orchestrator.lifecycle;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.ResourceExhaustedException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a batch's tasks by name, a few calls at a time (Cloud Tasks has no batch delete). Cloud
 * Tasks deletes a task "if it is scheduled or dispatched"; one that ran or failed for good, or was
 * deleted before, is gone: NOT_FOUND, counted as gone, not failed. The client retries what the
 * service marks retryable; a quota refusal is waited out here. A refusal of permission stops the
 * rest, naming the grant.
 * (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/delete)
 */
final class TaskDeletion {

  private static final Logger log = LoggerFactory.getLogger(TaskDeletion.class);
  static final int IN_FLIGHT = 16;
  private static final int QUOTA_TRIES = 5;

  private final CloudTasksClient tasks;

  TaskDeletion(CloudTasksClient tasks) {
    this.tasks = tasks;
  }

  /**
   * @param stoppedBy why the rest were not tried (a refused permission), or null
   */
  record Counts(long deleted, long gone, long failed, String stoppedBy) {

    Counts plus(Counts more) {
      return new Counts(
          deleted + more.deleted,
          gone + more.gone,
          failed + more.failed,
          stoppedBy != null ? stoppedBy : more.stoppedBy);
    }

    static Counts none() {
      return new Counts(0, 0, 0, null);
    }
  }

  private enum Outcome {
    DELETED,
    GONE,
    FAILED
  }

  /** Deletes these tasks and waits for every call. */
  Counts delete(List<String> names) throws InterruptedException {
    if (names.isEmpty()) {
      return Counts.none();
    }
    AtomicReference<String> stopped = new AtomicReference<>();
    ExecutorService calls = Executors.newFixedThreadPool(Math.min(IN_FLIGHT, names.size()));
    try {
      List<Future<Outcome>> outcomes = new ArrayList<>(names.size());
      for (String name : names) {
        outcomes.add(calls.submit(() -> deleteOne(name, stopped)));
      }
      long deleted = 0;
      long gone = 0;
      long failed = 0;
      for (Future<Outcome> outcome : outcomes) {
        Outcome result;
        try {
          result = outcome.get();
        } catch (ExecutionException e) {
          log.error("deleting a task failed: {}", e.getCause().toString());
          result = Outcome.FAILED;
        }
        switch (result) {
          case DELETED -> deleted++;
          case GONE -> gone++;
          case FAILED -> failed++;
        }
      }
      return new Counts(deleted, gone, failed, stopped.get());
    } finally {
      calls.shutdownNow();
      calls.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private Outcome deleteOne(String name, AtomicReference<String> stopped)
      throws InterruptedException {
    if (stopped.get() != null) {
      return Outcome.FAILED;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        tasks.deleteTask(name);
        return Outcome.DELETED;
      } catch (NotFoundException gone) {
        return Outcome.GONE;
      } catch (PermissionDeniedException e) {
        stopped.compareAndSet(
            null,
            "Cloud Tasks refused DeleteTask: grant the orchestrator's account"
                + " cloudtasks.tasks.delete on the queue (roles/cloudtasks.taskDeleter,"
                + " deploy/deploy.sh setup does)");
        return Outcome.FAILED;
      } catch (ResourceExhaustedException e) {
        if (attempt >= QUOTA_TRIES) {
          log.error("could not delete task {}: {}", name, e.getMessage());
          return Outcome.FAILED;
        }
        Thread.sleep(1000L << (attempt - 1));
      } catch (ApiException e) {
        log.error("could not delete task {}: {}", name, e.getMessage());
        return Outcome.FAILED;
      }
    }
  }
}
