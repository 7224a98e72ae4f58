package dev.ittybatch.common.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.FixedHeaderProvider;
import io.grpc.ManagedChannelBuilder;

/**
 * How a gRPC client is pointed at an emulator: the endpoint in plaintext, no credentials, and
 * {@code authorization: Bearer <identity>} on every call. Without an emulator host nothing is
 * changed, and the client finds its credentials as it does on Cloud Run.
 */
final class GrpcClients {

  private GrpcClients() {}

  /**
   * A gRPC client's settings (Cloud Tasks, IAM Credentials) over {@code channels}, pointed at
   * {@code host} in plaintext when it is set.
   */
  static <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> S grpc(
      B settings,
      InstantiatingGrpcChannelProvider.Builder channels,
      String host,
      GoogleCloudProperties google) {
    if (GoogleCloudProperties.set(host)) {
      channels.setEndpoint(host).setChannelConfigurator(ManagedChannelBuilder::usePlaintext);
      settings
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setHeaderProvider(
              FixedHeaderProvider.create("authorization", google.emulatorAuthorization()));
    }
    try {
      return settings.setTransportChannelProvider(channels.build()).build();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot configure a Google client: " + e, e);
    }
  }
}
