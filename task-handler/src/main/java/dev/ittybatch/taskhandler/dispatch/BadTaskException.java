package dev.ittybatch.taskhandler.dispatch;

/** The request is not a task payload from the orchestrator at all. */
class BadTaskException extends RuntimeException {

  BadTaskException(String message) {
    super(message);
  }
}
