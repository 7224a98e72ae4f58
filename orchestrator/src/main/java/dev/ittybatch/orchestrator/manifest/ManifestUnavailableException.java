package dev.ittybatch.orchestrator.manifest;

/** The manifest (or a report location) cannot be opened; the message names it. */
public class ManifestUnavailableException extends RuntimeException {

  public ManifestUnavailableException(String message) {
    super(message);
  }

  public ManifestUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
