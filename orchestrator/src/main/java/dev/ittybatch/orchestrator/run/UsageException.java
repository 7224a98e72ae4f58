package dev.ittybatch.orchestrator.run;

/** The command line is wrong; the message says which option and how. */
public class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }
}
