package dev.ittybatch.common.http;

/**
 * Answer 503 with Retry-After: the request could not be settled now, and the caller (Cloud Tasks,
 * Ittybit) is to send it again. Each service maps it in its one error advice.
 *
 * @see #retryAfter() the header's value, as Ittybit gave it or in seconds; null for none
 */
public class RetryLaterException extends RuntimeException {

  private final String kind;
  private final String retryAfter;

  /**
   * @param kind the error kind the answer names, or null when the service names none
   */
  public RetryLaterException(String kind, String message, String retryAfter) {
    super(message);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public String kind() {
    return kind;
  }

  public String retryAfter() {
    return retryAfter;
  }
}
