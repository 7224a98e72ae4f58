package dev.ittybatch.orchestrator.run;

/** The command line is wrong; the message says which option and how. */
class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
