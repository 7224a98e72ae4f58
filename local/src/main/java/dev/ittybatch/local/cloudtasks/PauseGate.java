package dev.ittybatch.local.cloudtasks;

/** Whether a queue dispatches: PauseQueue closes the gate, ResumeQueue opens it. */
final class PauseGate {

  private boolean paused;

  synchronized void set(boolean paused) {
    this.paused = paused;
    notifyAll();
  }

  synchronized boolean paused() {
    return paused;
  }

  /** Waits while the queue is paused, at most this long, so the caller can see it is closing. */
  synchronized void awaitResumed(long millis) throws InterruptedException {
    if (paused) {
      wait(millis);
    }
  }
}
