package dev.ittybatch.taskhandler.signing;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.auth.ServiceAccountSigner;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.iam.credentials.v1.SignBlobRequest;
import com.google.protobuf.ByteString;
import dev.ittybatch.common.gcp.IamCredentialsConnection;
import java.io.IOException;

/**
 * Signs as a service account through the IAM Service Account Credentials API ({@code signBlob} on
 * {@code projects/-/serviceAccounts/ACCOUNT}), which is what the runtime credentials of Cloud Run
 * do when they sign, made explicit: the account is named, and the endpoint is the component's
 * ({@code IAM_CREDENTIALS_EMULATOR_HOST} locally). The client is made on the first signature, not
 * at start: a handler that only passes https:// inputs through never needs it.
 */
final class IamSigner implements ServiceAccountSigner, AutoCloseable {

  private final String account;
  private final IamCredentialsConnection connection;
  private IamCredentialsClient client;

  IamSigner(String account, IamCredentialsConnection connection) {
    this.account = account;
    this.connection = connection;
  }

  @Override
  public String getAccount() {
    return account;
  }

  @Override
  public byte[] sign(byte[] toSign) {
    try {
      return client()
          .signBlob(
              SignBlobRequest.newBuilder()
                  // "-" stands for the project: the account's email names it already.
                  .setName("projects/-/serviceAccounts/" + account)
                  .setPayload(ByteString.copyFrom(toSign))
                  .build())
          .getSignedBlob()
          .toByteArray();
    } catch (PermissionDeniedException e) {
      throw new SigningException(
          "IAM refused signBlob as "
              + account
              + " ("
              + e.getMessage()
              + "): grant it roles/iam.serviceAccountTokenCreator on itself",
          e);
    } catch (ApiException e) {
      throw new SigningException("IAM signBlob as " + account + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SigningException("cannot reach IAM Service Account Credentials: " + e, e);
    }
  }

  private synchronized IamCredentialsClient client() throws IOException {
    if (client == null) {
      client = IamCredentialsClient.create(connection.settings());
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
