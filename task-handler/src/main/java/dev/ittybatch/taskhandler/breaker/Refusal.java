package dev.ittybatch.taskhandler.breaker;

/**
 * A permanent refusal from Ittybit, as the breaker compares them: its status and its error kind
 * ({@code 400 request_invalid}). Two entries refused the same way look alike here whatever the
 * message, which often names the entry.
 */
record Refusal(int status, String kind) {

  @Override
  public String toString() {
    return status + " " + kind;
  }
}
