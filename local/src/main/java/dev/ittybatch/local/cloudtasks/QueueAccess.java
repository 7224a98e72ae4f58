package dev.ittybatch.local.cloudtasks;

import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Identities;
import dev.ittybatch.local.iam.Resources;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Who calls the emulator and whether the grants let them, as Cloud Tasks checks each method
 * (https://cloud.google.com/tasks/docs/reference-access-control): the caller is the account its
 * {@code authorization: Bearer <email>} names, each call is recorded in the {@link CallLog} with
 * the permission it needs, and a refused one is answered PERMISSION_DENIED in Cloud Tasks' words.
 * CreateTask with an OIDC token also needs {@code iam.serviceAccounts.actAs} on the token's
 * account. Until {@link #checkWith} is called nothing is checked or recorded, which is what tests
 * of the queue's behaviour alone want.
 */
final class QueueAccess implements ServerInterceptor {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CALLER = Context.key("cloudtasks-caller");

  private volatile CallLog calls;
  private volatile String unauthenticatedAs;

  void checkWith(CallLog calls, String unauthenticatedAs) {
    this.unauthenticatedAs = unauthenticatedAs;
    this.calls = calls;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return Contexts.interceptCall(
        Context.current().withValue(CALLER, headers.get(AUTHORIZATION)), call, headers, next);
  }

  /** Records the call and refuses it unless the grants allow it. */
  void check(String method, String permission, String resource) {
    CallLog log = calls;
    if (log == null) {
      return;
    }
    String identity = Identities.fromAuthorization(CALLER.get());
    if (Identities.ANONYMOUS.equals(identity) && unauthenticatedAs != null) {
      identity = unauthenticatedAs;
    }
    if (Identities.ANONYMOUS.equals(identity)) {
      log.check(identity, CloudTasksService.SERVICE + "." + method, permission, resource);
      throw Status.UNAUTHENTICATED
          .withDescription("Request is missing required authentication credential.")
          .asRuntimeException();
    }
    if (!log.check(identity, CloudTasksService.SERVICE + "." + method, permission, resource)) {
      throw Status.PERMISSION_DENIED
          .withDescription(
              "The principal (user or service account) lacks IAM permission \""
                  + permission
                  + "\" for the resource \""
                  + resource
                  + "\" (or the resource may not exist).")
          .asRuntimeException();
    }
  }

  /** CreateTask's own check of the OIDC token's account: the caller must be able to act as it. */
  void checkActAs(String queue, String serviceAccount) {
    String project = queue.split("/")[1];
    check(
        "CreateTask",
        "iam.serviceAccounts.actAs",
        Resources.serviceAccount(project, serviceAccount));
  }
}
