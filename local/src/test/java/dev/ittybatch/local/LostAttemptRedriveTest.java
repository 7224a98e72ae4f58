package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.Queue;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.testing.SmallPipelines;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attempt made the job, then lost everything: Ittybit's answer (the connection dropped), so no
 * dispatched row; its webhook; and its task, which the queue gave up on (its last attempts never
 * reached the handler, as the front door's never do). Reconciliation finds each entry pending with
 * no task and re-drives it under the same idempotency key and bytes: Ittybit answers with the job
 * it already made, and no job is made twice.
 */
class LostAttemptRedriveTest {

  static final int ENTRIES = 20;

  @TempDir Path dir;

  @Test
  void aJobWhoseAnswerRowAndWebhookWereLostIsReplayedOnRedriveNotDuplicated() throws Exception {
    Path manifest = dir.resolve("lost.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < ENTRIES; i++) {
        out.write("{\"path\":\"gs://media-library/" + i + ".mov\",\"kind\":\"video\"}\n");
      }
    }
    try (LocalPipeline pipeline =
        new LocalPipeline(
            SmallPipelines.settings(dir.resolve("data"), Faults.none(), Dialect.documented()))) {
      IttybitSimulator ittybit = pipeline.ittybit();
      ittybit.faults(
          new Faults(0, 0, 0, 0, 0, 1.0, Duration.ZERO, 0, 1.0, 0, Duration.ZERO, Duration.ZERO));
      maxAttempts(pipeline, 1);

      // As deploy.sh run does: the manifest in the manifest bucket, its inputs in theirs.
      String uri = pipeline.stage(manifest);
      assertThat(pipeline.enqueue("--manifest=" + uri, "--batch-id=lost")).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH).dropped() == ENTRIES);
      assertThat(ittybit.jobsCreated()).as("every attempt made its job").isEqualTo(ENTRIES);
      assertThat(pipeline.results().progress("lost"))
          .as("and left no row")
          .containsEntry("pending", (long) ENTRIES);

      // The answers come back; the webhooks stay lost, so the jobs are found by reconciliation.
      ittybit.faults(
          new Faults(0, 0, 0, 0, 0, 0, Duration.ZERO, 0, 1.0, 0, Duration.ZERO, Duration.ZERO));
      maxAttempts(pipeline, 7);
      assertThat(pipeline.enqueue("--reconcile", "--batch-id=lost", "--older-than=0s")).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> number(pipeline.results().progress("lost"), "dispatched") == ENTRIES);

      assertThat(ittybit.jobsCreated()).as("no job made twice").isEqualTo(ENTRIES);
      assertThat(ittybit.maxJobsPerEntry()).isEqualTo(1);
      assertThat(ittybit.counters().get("idempotent_replays")).isEqualTo(ENTRIES);
      assertThat(ittybit.counters().get("idempotency_conflicts")).as("the same bytes").isZero();

      assertThat(pipeline.enqueue("--reconcile", "--batch-id=lost", "--older-than=0s")).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> number(pipeline.results().progress("lost"), "succeeded") == ENTRIES);
    }
  }

  /** The queue's max attempts, through the real client (retry settings only). */
  static void maxAttempts(LocalPipeline pipeline, int attempts) throws Exception {
    try (CloudTasksClient client = pipeline.cloudTasks().client()) {
      Queue queue = client.getQueue(LocalPipeline.QUEUE_PATH);
      client.updateQueue(
          queue.toBuilder()
              .setRetryConfig(
                  queue.getRetryConfig().toBuilder()
                      .setMaxAttempts(attempts)
                      .setMinBackoff(Durations.fromMillis(1000)))
              .build(),
          FieldMask.newBuilder().addPaths("retry_config").build());
    }
  }

  private static long number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).longValue();
  }
}
