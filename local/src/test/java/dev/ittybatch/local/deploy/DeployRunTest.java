package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy.sh run against a fake cloud: what it does when the job fails, and what it refuses. */
class DeployRunTest {

  static final String BUCKET = DeployScript.settings().get("MANIFEST_BUCKET");

  @Test
  void aFailedExecutionStillSchedulesReconciliationThenFailsWithWhatToDo() throws Exception {
    FakeCloud cloud = new FakeCloud().answer("gcloud run jobs execute orchestrator *", 1, "");

    DeployScript.Result run =
        cloud.run(true, Map.of(), "run", "gs://" + BUCKET + "/manifests/library.jsonl");

    assertThat(run.exit()).isNotZero();
    assertThat(run.err())
        .contains("the orchestrator job failed")
        .contains("run the same command again");
    List<String> calls = cloud.calls();
    int execute = indexOf(calls, "gcloud run jobs execute orchestrator ");
    assertThat(execute).isNotNegative();
    assertThat(indexOf(calls, "gcloud scheduler jobs update http ittybatch-reconcile-library "))
        .as("the tasks that were created get their reconciliation passes")
        .isGreaterThan(execute);
  }

  @Test
  void aManifestInAnotherBucketIsRefusedBeforeAnythingStarts() throws Exception {
    FakeCloud cloud = new FakeCloud();

    DeployScript.Result run = cloud.run(true, Map.of(), "run", "gs://elsewhere/m/library.jsonl");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("gs://elsewhere/m/library.jsonl")
        .contains("only in gs://" + BUCKET + " (MANIFEST_BUCKET)");
    assertThat(cloud.calls()).isEmpty();
  }

  static int indexOf(List<String> calls, String prefix) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
