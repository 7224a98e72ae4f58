package dev.ittybatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ittybatch.common.identity.GcsPath;
import org.junit.jupiter.api.Test;

class BatchStoreConfigurationTest {

  @Test
  void theLedgerGoesWhereLedgerLocationSaysWhateverTheRun() {
    GcsPath folder = BatchStoreConfiguration.ledgerFolder("gs://manifests/ittybatch-ledger");

    assertThat(folder.bucket()).isEqualTo("manifests");
    assertThat(folder.object()).isEqualTo("ittybatch-ledger/");
  }

  @Test
  void withoutLedgerLocationTheStoreDoesNotStartAndSaysWhatToSet() {
    // A reconcile run has no manifest, and a run's manifest may be in a bucket the job may only
    // read: neither may decide where ledger files go.
    assertThatThrownBy(() -> BatchStoreConfiguration.ledgerFolder(""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set LEDGER_LOCATION");
    assertThatThrownBy(() -> BatchStoreConfiguration.ledgerFolder(null))
        .hasMessageContaining("set LEDGER_LOCATION");
  }

  @Test
  void aLedgerLocationThatIsNotACloudStorageFolderIsNamed() {
    assertThatThrownBy(() -> BatchStoreConfiguration.ledgerFolder("/tmp/ledger"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("LEDGER_LOCATION: ");
  }

  @Test
  void withoutTheDatasetLocationTheStoreDoesNotStartAndSaysWhatToSet() {
    assertThat(BatchStoreConfiguration.datasetLocation("europe-west1")).isEqualTo("europe-west1");
    assertThatThrownBy(() -> BatchStoreConfiguration.datasetLocation(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set BIGQUERY_LOCATION");
  }
}
