package dev.ittybatch.common.gcp;

import com.google.cloud.iam.credentials.v1.IamCredentialsSettings;

/**
 * The settings of the IAM Service Account Credentials client that signs URLs (signBlob): Google's
 * endpoint, or {@code IAM_CREDENTIALS_EMULATOR_HOST}.
 */
public final class IamCredentialsConnection {

  private final GoogleCloudProperties google;

  public IamCredentialsConnection(GoogleCloudProperties google) {
    this.google = google;
  }

  public IamCredentialsSettings settings() {
    return GrpcClients.grpc(
        IamCredentialsSettings.newBuilder(),
        IamCredentialsSettings.defaultGrpcTransportProviderBuilder(),
        google.iamCredentialsEmulatorHost(),
        google);
  }
}
