package dev.ittybatch.common.results;

/**
 * What an attempt of the task handler came to: Ittybit accepted the job, or the entry was refused
 * for good ({@code rejected}) or given up on ({@code dispatch_failed}), with Ittybit's or our
 * reason. The task handler makes it with the factories, so a dispatched outcome carries no error
 * and a refusal no job.
 */
public record DispatchOutcome(
    ResultStatus status, String jobId, String errorKind, String errorMessage) {

  public static DispatchOutcome dispatched(String jobId) {
    return new DispatchOutcome(ResultStatus.DISPATCHED, jobId, null, null);
  }

  public static DispatchOutcome rejected(String errorKind, String errorMessage) {
    return new DispatchOutcome(ResultStatus.REJECTED, null, errorKind, errorMessage);
  }

  public static DispatchOutcome failed(String errorKind, String errorMessage) {
    return new DispatchOutcome(ResultStatus.DISPATCH_FAILED, null, errorKind, errorMessage);
  }
}
