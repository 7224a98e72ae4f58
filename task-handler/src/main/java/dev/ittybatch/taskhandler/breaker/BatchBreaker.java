package dev.ittybatch.taskhandler.breaker;

import com.google.cloud.tasks.v2.QueueName;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.results.ResultsStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dispatcher asks about each of Ittybit's answers. A refusal the {@link Breaker} judges
 * account-wide stops the batch: the queue is paused (PauseQueue keeps every task), the entry's task
 * is answered non-2xx so Cloud Tasks keeps it too, and the reason is logged and recorded once in
 * {@code batch_events}, where {@code deploy.sh status} and the status page show it. {@code
 * deploy.sh resume} sets the queue going again; a held entry pauses it again if the cause is still
 * there.
 */
public final class BatchBreaker {

  private static final Logger log = LoggerFactory.getLogger(BatchBreaker.class);

  private final Breaker breaker;
  private final QueueControl queues;
  private final EventLog events;
  private final BreakerProperties properties;
  private final Clock clock;
  private final Map<QueueName, Instant> lastPaused = new ConcurrentHashMap<>();
  private final Map<String, BatchEvent> unrecorded = new ConcurrentHashMap<>();

  BatchBreaker(BreakerProperties properties, QueueControl queues, EventLog events, Clock clock) {
    this.breaker = new Breaker(properties.firstEntries(), properties.window(), properties.share());
    this.queues = queues;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /** Ittybit made a job for an entry of the batch. */
  public void jobMade(String batchId) {
    breaker.jobMade(batchId);
  }

  /**
   * @param message Ittybit's error message, for the record
   * @param dispatchedBy the queue the task came from ({@code X-CloudTasks-QueueName}), or null
   * @return true when the refusal is the account's: the batch is stopped and the entry must not be
   *     recorded; false when it is the entry's own
   */
  public boolean holds(
      String batchId, int status, String kind, String message, String dispatchedBy) {
    Refusal refusal = new Refusal(status, kind);
    Breaker.Verdict verdict = breaker.refused(batchId, refusal);
    if (verdict == Breaker.Verdict.PASS) {
      return false;
    }
    QueueName queue = properties.queueName(dispatchedBy);
    String key = batchId + "\n" + refusal;
    if (verdict == Breaker.Verdict.TRIP) {
      String reason = reason(batchId, refusal, message);
      log.error("batch {} stopped: {}", batchId, reason);
      unrecorded.put(
          key,
          BatchEvent.of(
              BatchEvent.Kind.BREAKER_TRIPPED,
              batchId,
              reason,
              refusal + (queue == null ? "" : " on " + queue),
              "task-handler",
              clock.instant(),
              refusal.toString(),
              clock.instant().toString()));
    }
    pause(queue);
    record(key);
    return true;
  }

  private void pause(QueueName queue) {
    if (queue == null) {
      log.error(
          "the breaker cannot pause the queue: set GCP_PROJECT, GCP_LOCATION and QUEUE for the"
              + " task-handler. Refused entries are kept (answered 503) meanwhile");
      return;
    }
    Instant now = clock.instant();
    Instant last = lastPaused.get(queue);
    if (last != null && Duration.between(last, now).compareTo(properties.repauseEvery()) < 0) {
      return;
    }
    lastPaused.put(queue, now);
    if (queues.pause(queue)) {
      log.warn("queue {} paused by the breaker; deploy/deploy.sh resume continues", queue);
    }
  }

  /** The trip's event, once: a store that fails now is tried again with the next held entry. */
  private void record(String key) {
    BatchEvent event = unrecorded.get(key);
    if (event == null) {
      return;
    }
    try {
      events.append(event);
      unrecorded.remove(key, event);
    } catch (ResultsStoreException e) {
      log.error("the breaker's event is not stored yet ({}); trying again", e.getMessage());
    }
  }

  private String reason(String batchId, Refusal refusal, String message) {
    String fix =
        switch (refusal.status()) {
          case 401 ->
              "the API key is refused: store a valid one (export ITTYBIT_API_KEY, deploy/deploy.sh"
                  + " setup)";
          case 402 -> "Ittybit wants payment: settle the account";
          case 403 -> "the key's project may not do this: check the Ittybit project and key";
          case 400, 422 ->
              "Ittybit refuses what is sent for every entry: check the request's fields and"
                  + " options against its reference, and deploy/deploy.sh check";
          default -> "fix what Ittybit's answer names";
        };
    return "Ittybit answered "
        + refusal
        + (message == null || message.isBlank() ? "" : " (" + message + ")")
        + " to the entries of batch "
        + batchId
        + " alike: the queue is paused and the refused entries are kept, not recorded. "
        + fix
        + ", then deploy/deploy.sh resume "
        + batchId;
  }
}
