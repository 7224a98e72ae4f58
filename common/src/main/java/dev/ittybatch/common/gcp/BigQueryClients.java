package dev.ittybatch.common.gcp;

import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;

/** The BigQuery client: Google's, or {@code BIGQUERY_EMULATOR_HOST}'s. */
public final class BigQueryClients {

  private BigQueryClients() {}

  public static BigQuery create(GoogleCloudProperties google) {
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(google.project());
    if (GoogleCloudProperties.set(google.bigqueryLocation())) {
      // Jobs are created and looked up in the dataset's location.
      options.setLocation(google.bigqueryLocation().strip());
    }
    if (GoogleCloudProperties.set(google.bigqueryEmulatorHost())) {
      options
          .setHost(google.bigqueryEmulatorHost())
          .setCredentials(NoCredentials.getInstance())
          .setHeaderProvider(
              FixedHeaderProvider.create("Authorization", google.emulatorAuthorization()));
    }
    return options.build().getService();
  }
}
