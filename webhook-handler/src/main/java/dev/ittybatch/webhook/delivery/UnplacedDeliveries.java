package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.ittybit.WebhookEvent;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A delivery that could not be tied to a job of ours is answered 2xx (a redelivery would carry the
 * same nothing) and counted in {@code batch_events}, where {@code deploy.sh status} and the status
 * page show it. Its entry, if it has one, is settled by reconciliation. The row's id comes from the
 * delivery's event id, so its redeliveries are one event.
 */
@Component
class UnplacedDeliveries {

  private static final Logger log = LoggerFactory.getLogger(UnplacedDeliveries.class);

  private final EventLog events;
  private final Clock clock;

  UnplacedDeliveries(EventLog events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  void record(WebhookEvent event, String reason) {
    String detail =
        "event "
            + event.eventId()
            + (event.topic() == null ? "" : " (" + event.topic() + ")")
            + (event.taskId() == null ? "" : ", task " + event.taskId())
            + (event.jobId() == null ? "" : ", job " + event.jobId());
    log.warn("webhook not placed, left to reconciliation: {} [{}]", reason, detail);
    events.append(
        BatchEvent.of(
            BatchEvent.Kind.WEBHOOK_UNPLACED,
            event.batchId(),
            reason,
            detail,
            "webhook",
            clock.instant(),
            event.eventId()));
  }
}
