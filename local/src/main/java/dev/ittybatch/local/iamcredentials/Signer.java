package dev.ittybatch.local.iamcredentials;

import com.google.cloud.iam.credentials.v1.SignBlobRequest;
import com.google.cloud.iam.credentials.v1.SignBlobResponse;
import com.google.protobuf.ByteString;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Identities;
import dev.ittybatch.local.iam.Resources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SignBlob} as the IAM Service Account Credentials API answers it
 * (https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/signBlob):
 * the blob signed RSA-SHA256 with the account's system-managed key, and the key's id.
 */
final class Signer {

  /**
   * "projects/-/serviceAccounts/{ACCOUNT_EMAIL_OR_UNIQUEID}. The - wildcard character is required;
   * replacing it with a project ID is invalid." (the {@code name} field of signBlob).
   */
  private static final Pattern NAME = Pattern.compile("projects/-/serviceAccounts/([^/]+)");

  private static final Pattern PROJECT_OF_ACCOUNT =
      Pattern.compile("[^@]+@([a-z][a-z0-9-]*)\\.iam\\.gserviceaccount\\.com");

  private final String project;
  private final ServiceAccountKeys keys;
  private final CallLog log;
  private final AtomicLong signatures = new AtomicLong();
  private volatile double unavailable;

  Signer(String project, ServiceAccountKeys keys, CallLog log) {
    this.project = project;
    this.keys = keys;
    this.log = log;
  }

  long signatures() {
    return signatures.get();
  }

  void unavailable(double share) {
    this.unavailable = share;
  }

  SignBlobResponse signBlob(String authorization, SignBlobRequest request) {
    String caller = Identities.fromAuthorization(authorization);
    if (Identities.ANONYMOUS.equals(caller)) {
      throw refusal(
          Status.UNAUTHENTICATED,
          "Request is missing required authentication credential. Expected OAuth 2 access token,"
              + " login cookie or other valid authentication credential.");
    }
    Matcher name = NAME.matcher(request.getName());
    if (!name.matches()) {
      throw refusal(
          Status.INVALID_ARGUMENT,
          "Invalid form of account ID "
              + request.getName()
              + ". Should be projects/-/serviceAccounts/[ACCOUNT ID]");
    }
    String account = name.group(1);
    ServiceAccountKeys.AccountKey key = keys.key(account);
    // IAM answers an account that does not exist as one the caller may not use, so as not to tell
    // anyone which accounts exist: "(or it may not exist)".
    if (!log.check(
            caller,
            "iamcredentials.projects.serviceAccounts.signBlob",
            "iam.serviceAccounts.signBlob",
            Resources.serviceAccount(projectOf(account), account))
        || key == null) {
      throw refusal(
          Status.PERMISSION_DENIED,
          "Permission 'iam.serviceAccounts.signBlob' denied on resource (or it may not exist).");
    }
    if (unavailable > 0 && ThreadLocalRandom.current().nextDouble() < unavailable) {
      throw refusal(Status.UNAVAILABLE, "The service is currently unavailable.");
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key.keys().getPrivate());
      rsa.update(request.getPayload().toByteArray());
      SignBlobResponse answer =
          SignBlobResponse.newBuilder()
              .setKeyId(key.keyId())
              .setSignedBlob(ByteString.copyFrom(rsa.sign()))
              .build();
      signatures.incrementAndGet();
      return answer;
    } catch (GeneralSecurityException e) {
      throw refusal(Status.INTERNAL, "cannot sign: " + e.getMessage());
    }
  }

  /** The project an account belongs to: the one its email names, else the stand-in's. */
  private String projectOf(String account) {
    Matcher email = PROJECT_OF_ACCOUNT.matcher(account);
    return email.matches() ? email.group(1) : project;
  }

  private static StatusRuntimeException refusal(Status status, String message) {
    return status.withDescription(message).asRuntimeException();
  }
}
