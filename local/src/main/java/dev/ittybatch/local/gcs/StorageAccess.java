package dev.ittybatch.local.gcs;

import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Identities;

/**
 * Who calls, and whether they may: each permission a method needs is asked of the shared {@link
 * CallLog} (iam.md Table B), and refused in Cloud Storage's words, "X does not have
 * storage.objects.get access to the Google Cloud Storage object. Permission 'storage.objects.get'
 * denied on resource (or it may not exist)." (403 forbidden; 401 required without a token).
 */
final class StorageAccess {

  private final CallLog log;
  private final String unauthenticatedAs;

  /**
   * @param unauthenticatedAs the identity a request without a token is taken for; null answers it
   *     401, as Cloud Storage does
   */
  StorageAccess(CallLog log, String unauthenticatedAs) {
    this.log = log;
    this.unauthenticatedAs = unauthenticatedAs;
  }

  CallLog log() {
    return log;
  }

  /** The caller a request names, or the 401 Cloud Storage gives a request without one. */
  String caller(String authorization, String permission, String kind) {
    String identity = Identities.fromAuthorization(authorization);
    if (!Identities.ANONYMOUS.equals(identity)) {
      return identity;
    }
    if (unauthenticatedAs != null) {
      return unauthenticatedAs;
    }
    throw GcsError.required(message("Anonymous caller", permission, kind));
  }

  void require(String identity, String method, String permission, String resource, String kind) {
    if (!log.check(identity, method, permission, resource)) {
      throw GcsError.forbidden(message(identity, permission, kind));
    }
  }

  private static String message(String who, String permission, String kind) {
    return who
        + " does not have "
        + permission
        + " access to the Google Cloud Storage "
        + kind
        + ". Permission '"
        + permission
        + "' denied on resource (or it may not exist).";
  }
}
