package dev.ittybatch.orchestrator.enqueue;

import com.google.api.gax.rpc.StatusCode;

/**
 * Why a task was not created.
 *
 * @param permanent true when retrying cannot help and the run must stop (wrong queue, no rights)
 */
record EnqueueFailure(String taskId, StatusCode.Code code, String message, boolean permanent) {

  /** What to do about it, for the operator reading the job's log. */
  public String advice(String queuePath, String serviceAccount) {
    return switch (code) {
      case NOT_FOUND ->
          "queue "
              + queuePath
              + " does not exist: create it (deploy/deploy.sh does) or fix GCP_PROJECT,"
              + " GCP_LOCATION and QUEUE";
      case PERMISSION_DENIED ->
          "this job's service account may not create tasks in "
              + queuePath
              + ": grant it roles/cloudtasks.enqueuer on the queue, and"
              + " roles/iam.serviceAccountUser on "
              + (serviceAccount == null || serviceAccount.isBlank()
                  ? "the OIDC service account"
                  : serviceAccount);
      case UNAUTHENTICATED ->
          "no valid Google credentials: on Cloud Run check the job's service account; locally run"
              + " 'gcloud auth application-default login'";
      case INVALID_ARGUMENT ->
          "Cloud Tasks refused the task as malformed ("
              + message
              + "): check HANDLER_URL and SERVICE_ACCOUNT_EMAIL";
      case FAILED_PRECONDITION ->
          "the queue cannot take tasks (" + message + "): is it paused or being deleted?";
      default -> message;
    };
  }
}
