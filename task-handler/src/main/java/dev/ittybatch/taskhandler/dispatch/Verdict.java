package dev.ittybatch.taskhandler.dispatch;

import dev.ittybatch.common.ittybit.client.IttybitClient;

/**
 * What one attempt came to, before it is turned into a row and an answer.
 *
 * @param refused Ittybit's answer when it refused the job, for the breaker; null otherwise
 */
record Verdict(
    Decision decision,
    String jobId,
    String kind,
    String message,
    String retryAfter,
    IttybitClient.Response refused) {

  static Verdict of(Decision decision, String kind, String message) {
    return new Verdict(decision, null, kind, message, null, null);
  }

  /** Ittybit refused the job for good: the entry's fault, or the account's. */
  boolean permanentRefusal() {
    return refused != null && (decision == Decision.REJECT || decision == Decision.RETRY_SETUP);
  }
}
