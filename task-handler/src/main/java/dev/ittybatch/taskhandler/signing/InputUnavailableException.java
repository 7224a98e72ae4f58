package dev.ittybatch.taskhandler.signing;

/** This entry's input cannot be used (no such object, not a valid path): retrying will not help. */
public class InputUnavailableException extends RuntimeException {

  private final String kind;

  public InputUnavailableException(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** A short machine-readable reason, e.g. {@code object_not_found}. */
  public String kind() {
    return kind;
  }
}
