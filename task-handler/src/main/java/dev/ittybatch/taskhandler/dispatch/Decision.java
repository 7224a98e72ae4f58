package dev.ittybatch.taskhandler.dispatch;

import java.util.Locale;

/**
 * What an attempt's result means for the entry. This is the one place outcomes are mapped; the
 * mapping is the retry contract with Cloud Tasks, which retries every non-2xx and has no
 * dead-letter queue.
 */
enum Decision {
  /** Ittybit has the job (a replayed idempotent answer too): record it, answer 200. */
  ACCEPT,
  /** This entry is bad; retrying cannot help: record {@code rejected}, answer 200. */
  REJECT,
  /** Might pass later (rate limit, outage): answer 503 so Cloud Tasks retries. */
  RETRY,
  /**
   * Our setup is wrong (key, account, project, IAM). Retried like RETRY and logged as an error: it
   * must not turn 50,000 entries into "rejected" rows while someone fixes a key.
   */
  RETRY_SETUP,
  /**
   * Ittybit holds a different body under this entry's idempotency key. Retried (it may be a
   * concurrent first attempt still in flight), and never {@code rejected}: the entry is fine, and a
   * job for it may already exist.
   */
  CONFLICT,
  /** This task can never succeed, though the entry may: record {@code dispatch_failed} now. */
  GIVE_UP;

  /**
   * Ittybit does not publish the status of an idempotency conflict; a conflict-style 409 is the
   * usual shape, and an error kind or message that names idempotency is believed whatever its
   * status: such an answer says nothing about the entry (a batch in flight when the request's shape
   * changed meets it on every entry), so it must never become a {@code rejected} row.
   *
   * @param message Ittybit's error message, or null
   */
  static Decision forIttybit(int status, String errorKind, String message) {
    if (status >= 200 && status < 300) {
      return ACCEPT;
    }
    if (status == 409 || namesIdempotency(errorKind) || namesIdempotency(message)) {
      return CONFLICT;
    }
    return switch (status) {
      case 400, 404, 410, 413, 415, 422 -> REJECT;
      case 408, 429 -> RETRY;
      default -> status >= 500 ? RETRY : RETRY_SETUP;
    };
  }

  private static boolean namesIdempotency(String text) {
    return text != null && text.toLowerCase(Locale.ROOT).contains("idempoten");
  }
}
