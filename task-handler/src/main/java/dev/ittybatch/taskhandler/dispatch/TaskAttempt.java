package dev.ittybatch.taskhandler.dispatch;

/**
 * Which attempt this is, from Cloud Tasks' headers. {@code X-CloudTasks-TaskRetryCount} is 0 on the
 * first try and counts every earlier attempt, including 5xx answers that never reached us, so it is
 * the one that says whether Cloud Tasks will try again. {@code queueName} is the queue that sent it
 * ({@code X-CloudTasks-QueueName}), which the breaker pauses.
 */
record TaskAttempt(String taskName, String queueName, int retryCount, int executionCount) {

  /** 1-based. */
  int number() {
    return retryCount + 1;
  }

  boolean last(int maxAttempts) {
    return number() >= maxAttempts;
  }
}
