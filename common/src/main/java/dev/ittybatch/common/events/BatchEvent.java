package dev.ittybatch.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.logging.Redaction;
import java.time.Instant;

/**
 * One row of {@code batch_events}: something that happened to a batch as a whole, not to one entry.
 * The table is append-only; what a batch's state is now (stopped or going) is read from its latest
 * events of each kind.
 *
 * @param eventId de-duplication key: the same happening recorded twice has the same id
 * @param batchId the batch, or null when the event concerns no one batch (a resume of the whole
 *     queue, a webhook that names nothing of ours)
 * @param kind what happened, one of {@link Kind}'s wire names
 * @param reason what a person reads: the cause, and the way out
 * @param detail what a program compares: the refusal's status and kind, a delivery's ids
 * @param origin who recorded it: {@code task-handler}, {@code webhook}, {@code deploy.sh}, {@code
 *     orchestrator}
 * @param occurredAt when it happened
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchEvent(
    @JsonProperty("event_id") String eventId,
    @JsonProperty("batch_id") String batchId,
    @JsonProperty("kind") String kind,
    @JsonProperty("reason") String reason,
    @JsonProperty("detail") String detail,
    @JsonProperty("origin") String origin,
    @JsonProperty("occurred_at") Instant occurredAt) {

  /** The kinds recorded so far; a reader treats a kind it does not know as information only. */
  public enum Kind {
    /** The same refusal hit a batch's entries: its queue is paused and the entries kept. */
    BREAKER_TRIPPED,
    /**
     * Resumed by hand: the queue after a breaker's stop (no batch id when the whole queue), or a
     * batch after its pause or cancel (with its id).
     */
    RESUMED,
    /** A webhook delivery named no job or entry of ours: answered 2xx, left to reconciliation. */
    WEBHOOK_UNPLACED,
    /** Paused by its user: the batch's queued tasks deleted, nothing re-driven until resumed. */
    PAUSED,
    /** Cancelled by its user: queued tasks deleted, entries with no outcome recorded cancelled. */
    CANCELLED,
    /** The batch's done summary was posted to NOTIFY_URL: the one record that it went out. */
    DONE_NOTIFIED,
    /** A stuck notice was posted; the detail names the spell (when the batch last moved). */
    STUCK_NOTIFIED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public BatchEvent {
    if (eventId == null || eventId.isBlank()) {
      throw new IllegalArgumentException("a batch event needs an event id");
    }
    if (kind == null || origin == null || occurredAt == null) {
      throw new IllegalArgumentException("a batch event needs a kind, an origin and a time");
    }
    // A reason can quote an Ittybit message, and that can echo a signed URL or a token.
    reason = Redaction.scrub(reason);
    detail = Redaction.scrub(detail);
  }

  /**
   * An event whose id is derived from what it is about, so that recording the same happening again
   * (a retried request, a redelivered webhook) writes a row with the same id.
   */
  public static BatchEvent of(
      Kind kind,
      String batchId,
      String reason,
      String detail,
      String origin,
      Instant occurredAt,
      String... about) {
    String material = kind.wireName() + "\n" + batchId + "\n" + String.join("\n", about);
    return new BatchEvent(
        kind.wireName() + "-" + EntryId.sha256Hex(material).substring(0, 24),
        batchId,
        kind.wireName(),
        reason,
        detail,
        origin,
        occurredAt);
  }
}
