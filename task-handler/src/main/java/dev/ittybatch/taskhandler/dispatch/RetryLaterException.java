package dev.ittybatch.taskhandler.dispatch;

/** Answer 503 so Cloud Tasks tries again, passing on Ittybit's Retry-After when it gave one. */
class RetryLaterException extends RuntimeException {

  private final String kind;
  private final String retryAfter;

  RetryLaterException(String kind, String message, String retryAfter) {
    super(message);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  String kind() {
    return kind;
  }

  String retryAfter() {
    return retryAfter;
  }
}
