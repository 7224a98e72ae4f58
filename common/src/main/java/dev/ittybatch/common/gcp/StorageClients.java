package dev.ittybatch.common.gcp;

import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

/** The Cloud Storage client (JSON API over HTTP): Google's, or {@code STORAGE_EMULATOR_HOST}'s. */
public final class StorageClients {

  private StorageClients() {}

  static Storage create(GoogleCloudProperties google) {
    return options(google).build().getService();
  }

  /**
   * The client's options, for a component that needs other retry settings than the default. (Made
   * afresh rather than from another client's {@code toBuilder()}, which drops the header that names
   * the caller to a stand-in.)
   */
  public static StorageOptions.Builder options(GoogleCloudProperties google) {
    // The project id is given, never detected: detection may ask the metadata server.
    StorageOptions.Builder options = StorageOptions.http();
    if (GoogleCloudProperties.set(google.project())) {
      options.setProjectId(google.project());
    }
    if (GoogleCloudProperties.set(google.storageEmulatorHost())) {
      options
          .setHost(google.storageEmulatorHost())
          .setCredentials(NoCredentials.getInstance())
          .setHeaderProvider(
              FixedHeaderProvider.create("Authorization", google.emulatorAuthorization()));
    }
    return options;
  }
}
