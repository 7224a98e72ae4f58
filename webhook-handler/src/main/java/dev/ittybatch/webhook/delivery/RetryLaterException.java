package dev.ittybatch.webhook.delivery;

/**
 * The delivery could not be settled now (Ittybit did not answer our fetch, or the job it names is
 * not finished yet): answered 503 so Ittybit delivers it again.
 */
class RetryLaterException extends RuntimeException {

  private final String retryAfter;

  RetryLaterException(String message, String retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  String retryAfter() {
    return retryAfter;
  }
}
