package dev.ittybatch.taskhandler.dispatch;

/**
 * What an Ittybit answer means for the entry. This is the one place statuses are mapped; the
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
   * Our setup is wrong (key, account, project). Retried like RETRY and logged as an error: it must
   * not turn 50,000 entries into "rejected" rows while someone fixes a key.
   */
  RETRY_SETUP;

  static Decision forIttybitStatus(int status) {
    if (status >= 200 && status < 300) {
      return ACCEPT;
    }
    return switch (status) {
      case 400, 404, 409, 413, 415, 422 -> REJECT;
      case 401, 402, 403 -> RETRY_SETUP;
      case 408, 429 -> RETRY;
      default -> status >= 500 ? RETRY : RETRY_SETUP;
    };
  }
}
