package dev.ittybatch.taskhandler.signing;

/**
 * Signing or reading failed because of how the service is set up (a missing IAM grant), not because
 * of the entry. Every entry would fail the same way, so it is retried, never recorded as rejected.
 */
public class SigningSetupException extends RuntimeException {

  public SigningSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
