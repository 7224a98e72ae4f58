package dev.ittybatch.webhook.delivery;

/**
 * The delivery could not be settled now (Ittybit did not answer our fetch, or the job it names is
 * not finished yet): answered 503 so Ittybit delivers it again. The one kind of it, named for this
 * package's callers, which give no error kind.
 */
class RetryLaterException extends dev.ittybatch.common.http.RetryLaterException {

  RetryLaterException(String message, String retryAfter) {
    super(null, message, retryAfter);
  }
}
