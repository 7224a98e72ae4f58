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

  @Test
  void resumeSetsTheBatchGoingThenTheQueueOnlyWhenABreakerPausedIt() throws Exception {
    FakeCloud running = new FakeCloud().answer("gcloud tasks queues describe *", 0, "RUNNING\n");
    DeployScript.Result batchOnly = running.run(true, Map.of(), "resume", "lib");
    assertThat(batchOnly.exit()).as(batchOnly.err()).isZero();
    assertThat(running.calls())
        .anyMatch(call -> call.startsWith("gcloud run jobs execute orchestrator --project="))
        .noneMatch(call -> call.startsWith("gcloud tasks queues resume"))
        .noneMatch(call -> call.contains("INSERT INTO"));
    assertThat(batchOnly.out()).contains("Queue ittybit-batch is not paused (RUNNING)");

    FakeCloud stopped = new FakeCloud().answer("gcloud tasks queues describe *", 0, "PAUSED\n");
    DeployScript.Result both = stopped.run(true, Map.of(), "resume", "lib");
    assertThat(both.exit()).as(both.err()).isZero();
    List<String> calls = stopped.calls();
    int batch = indexOf(calls, "gcloud run jobs execute orchestrator ");
    int queue = indexOf(calls, "gcloud tasks queues resume ittybit-batch ");
    assertThat(batch).as("the batch's entries are enqueued before the queue goes").isNotNegative();
    assertThat(queue).isGreaterThan(batch);
    assertThat(calls.get(queue + 1)).startsWith("bq query").contains("INSERT INTO");
    assertThat(both.out()).contains("Queue ittybit-batch resumed for batch lib");
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
