package dev.ittybatch.common.results;

/** Rows were not stored; the caller should answer with a retryable status. */
public class ResultsStoreException extends RuntimeException {

  public ResultsStoreException(String message) {
    super(message);
  }

  public ResultsStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
