package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BigQuery loads the ledger from the manifest bucket, which it does only from a bucket in the
 * dataset's location (a region inside an EU or US dataset's multi-region included): setup checks
 * before it creates anything in BigQuery. The example env file's dataset is in EU.
 */
class DeployLocationsTest {

  static DeployScript.Result setupWithTheManifestBucketIn(String location) throws Exception {
    FakeCloud cloud =
        new FakeCloud()
            .answer("*storage buckets describe gs://my-ittybatch-manifests *", 0, location + "\n")
            .answer("*secrets versions list *", 0, "1\n");
    return cloud.run(true, Map.of(), "setup");
  }

  @Test
  void aBucketInTheDatasetsLocationOrARegionInsideItPasses() throws Exception {
    for (String location : new String[] {"EU", "EUROPE-WEST1", "EUROPE-WEST4", "EUR4"}) {
      DeployScript.Result setup = setupWithTheManifestBucketIn(location);

      assertThat(setup.exit()).as(location + ": " + setup.err()).isZero();
    }
  }

  @Test
  void aBucketOutsideTheDatasetsLocationStopsSetupWithTheRule() throws Exception {
    for (String location : new String[] {"US", "US-CENTRAL1", "EUROPE-WEST2", "ASIA1"}) {
      DeployScript.Result setup = setupWithTheManifestBucketIn(location);

      assertThat(setup.exit()).as(location).isEqualTo(2);
      assertThat(setup.err())
          .contains("gs://my-ittybatch-manifests is in " + location)
          .contains("BQ_LOCATION=EU")
          .contains("same region or contained in the same multi-region");
      assertThat(setup.out()).doesNotContain("== BigQuery dataset");
    }
  }
}
