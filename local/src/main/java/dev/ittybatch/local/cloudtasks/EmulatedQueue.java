package dev.ittybatch.local.cloudtasks;

import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue: holds tasks until they are due, then dispatches them by HTTP like Cloud Tasks does —
 * at most {@code max_dispatches_per_second} and {@code max_concurrent_dispatches}, success only on
 * 2xx, retries on the documented backoff curve up to {@code max_attempts}, {@code Retry-After}
 * honoured on 429 and 503. Time spent waiting (backoff, Retry-After) is divided by the time scale;
 * the dispatch rate is not. A paused queue dispatches nothing (attempts already sent finish) and
 * still takes new tasks, as Cloud Tasks' PauseQueue documents; resumed, it sends what came due.
 */
final class EmulatedQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmulatedQueue.class);

  private final String name;
  private final double timeScale;
  private final CloseableHttpClient http;
  private final TaskNames names;
  private final double frontDoorFailures;
  private final ExecutorService senders;
  private final DelayQueue<Due> due = new DelayQueue<>();
  private final Map<String, Task> active = new ConcurrentHashMap<>();
  private final QueueCounts counts = new QueueCounts();
  private volatile Queue config;
  private volatile RateLimiter limiter;
  private volatile Semaphore concurrency;
  private final Thread dispatcher;
  private volatile boolean running = true;
  private final PauseGate gate = new PauseGate();

  EmulatedQueue(
      Queue config,
      double timeScale,
      CloseableHttpClient http,
      TaskNames names,
      double frontDoorFailures) {
    this.name = config.getName();
    this.timeScale = timeScale;
    this.http = http;
    this.names = names;
    this.frontDoorFailures = frontDoorFailures;
    // At most max_concurrent_dispatches are busy at once (the semaphore); idle ones time out.
    this.senders =
        Executors.newCachedThreadPool(
            CloudTasksEmulator.daemon("cloudtasks-send-" + DispatchRequest.shortName(name)));
    configure(config);
    this.dispatcher =
        new Thread(this::dispatchLoop, "cloudtasks-" + DispatchRequest.shortName(name));
    this.dispatcher.setDaemon(true);
    this.dispatcher.start();
  }

  /**
   * Applies rate and retry settings, filling in Cloud Tasks' defaults where none are given; the
   * state (running or paused) is the queue's own, which only PauseQueue and ResumeQueue change.
   */
  synchronized void configure(Queue requested) {
    this.config =
        QueueDefaults.filled(
            requested.toBuilder()
                .setName(name)
                .setState(gate.paused() ? Queue.State.PAUSED : Queue.State.RUNNING)
                .build());
    this.limiter = new RateLimiter(config.getRateLimits().getMaxDispatchesPerSecond());
    this.concurrency = new Semaphore(config.getRateLimits().getMaxConcurrentDispatches());
  }

  Queue config() {
    return config;
  }

  /** PauseQueue (true) or ResumeQueue (false); the queue as it is then. */
  synchronized Queue pause(boolean pause) {
    gate.set(pause);
    config = config.toBuilder().setState(pause ? Queue.State.PAUSED : Queue.State.RUNNING).build();
    if (pause) {
      log.info(
          "queue {} paused: dispatching nothing until it is resumed",
          DispatchRequest.shortName(name));
    }
    return config;
  }

  boolean paused() {
    return gate.paused();
  }

  /** Adds a task; false when its name is in use or a tombstone (ALREADY_EXISTS). */
  boolean add(Task task) {
    if (!names.reserve(task.getName())) {
      return false;
    }
    counts.created.incrementAndGet();
    active.put(task.getName(), task);
    due.add(new Due(task.getName(), 1, System.nanoTime()));
    return true;
  }

  Task get(String taskName) {
    return active.get(taskName);
  }

  /**
   * DeleteTask: the task leaves the queue now, its name a tombstone; false when there is no such
   * task (never created, ended, or deleted already). An attempt in flight finishes unseen.
   */
  boolean delete(String taskName) {
    if (active.remove(taskName) == null) {
      return false;
    }
    counts.deleted.incrementAndGet();
    names.finished(taskName);
    return true;
  }

  private void dispatchLoop() {
    while (running) {
      try {
        if (gate.paused()) {
          gate.awaitResumed(200);
          continue;
        }
        Due next = due.poll(200, TimeUnit.MILLISECONDS);
        if (next == null) {
          continue;
        }
        if (gate.paused()) {
          // Paused while this one came due: it waits with the rest.
          due.add(next);
          continue;
        }
        Semaphore slots = concurrency;
        slots.acquire();
        RateLimiter rate = limiter;
        senders.execute(() -> dispatch(next, slots, rate));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void dispatch(Due attempt, Semaphore slots, RateLimiter rate) {
    Task task = active.get(attempt.taskName());
    if (task == null) {
      slots.release();
      return;
    }
    ClassicHttpRequest request = DispatchRequest.of(name, task, attempt);
    int status = 0;
    String retryAfter = null;
    try {
      long allowedAt = rate.acquire();
      if (active.get(task.getName()) != task) {
        // Deleted while it waited for the rate: still scheduled, not dispatched, so never sent.
        slots.release();
        return;
      }
      counts.attempts.incrementAndGet();
      counts.dispatches.record(allowedAt);
      if (frontDoorFailures > 0 && ThreadLocalRandom.current().nextDouble() < frontDoorFailures) {
        // Answered by Cloud Run itself: an attempt used up that the handler never sees.
        counts.frontDoor.incrementAndGet();
        slots.release();
        settle(task, attempt, 503, null);
        return;
      }
      request.setHeader(
          "X-CloudTasks-TaskETA", String.format("%.6f", System.currentTimeMillis() / 1000.0));
      try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
        status = response.getCode();
        Header header = response.getFirstHeader("Retry-After");
        retryAfter = header == null ? null : header.getValue();
        EntityUtils.consume(response.getEntity());
      }
    } catch (IOException noAnswer) {
      // No response at all: retried like any failure, as Cloud Tasks does.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      slots.release();
      return;
    }
    slots.release();
    settle(task, attempt, status, retryAfter);
  }

  private void settle(Task task, Due attempt, int status, String retryAfter) {
    if (active.get(task.getName()) != task) {
      // Deleted while this attempt was in flight: its answer goes nowhere, no retry follows.
      return;
    }
    if (status >= 200 && status < 300) {
      counts.succeeded.incrementAndGet();
      active.remove(task.getName());
      names.finished(task.getName());
      return;
    }
    var retry = config.getRetryConfig();
    if (attempt.number() >= retry.getMaxAttempts()) {
      // Cloud Tasks deletes the task without a trace; the handler must have recorded it by now.
      counts.dropped.incrementAndGet();
      active.remove(task.getName());
      names.finished(task.getName());
      log.warn(
          "task {} dropped after {} attempts (last status {})",
          DispatchRequest.shortName(task.getName()),
          attempt.number(),
          status);
      return;
    }
    Duration wait = Backoff.of(retry).after(attempt.number(), status, retryAfter);
    long scaled = (long) (wait.toNanos() / timeScale);
    int executions = attempt.executions() + (status > 0 && status < 500 ? 1 : 0);
    due.add(new Due(task.getName(), attempt.number() + 1, System.nanoTime() + scaled, executions));
  }

  QueueStats stats() {
    return counts.stats(active.size());
  }

  @Override
  public void close() {
    running = false;
    dispatcher.interrupt();
    senders.shutdownNow();
  }
}
