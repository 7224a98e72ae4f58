package dev.ittybatch.taskhandler.signing;

/**
 * Cloud Storage answered the object lookup with a rate limit, a server error or not at all. It says
 * nothing about the entry, so the task is tried again, and recorded as {@code dispatch_failed} if
 * its last attempt meets the same.
 */
public class StorageUnavailableException extends RuntimeException {

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
