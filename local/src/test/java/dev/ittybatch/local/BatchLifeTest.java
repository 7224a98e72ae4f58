package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Resources;
import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.local.notify.NoticeReceiver;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.run.PipelineSettings;
import dev.ittybatch.local.scheduler.CloudSchedulerStandIn;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch's life on the whole local pipeline: paused (its tasks deleted, nothing re-driven, a stuck
 * notice once it has not moved), resumed with no job made twice, announced done once however many
 * reconciliation passes see it done, and its schedule ended; and a cancel that leaves another
 * batch's tasks alone, even one whose id starts with the cancelled one's.
 */
class BatchLifeTest {

  static final String ORCHESTRATOR = "ittybatch-orchestrator@local.iam.gserviceaccount.com";

  @TempDir Path dir;

  PipelineSettings settings(int rate) {
    return new PipelineSettings(
        dir.resolve("data"),
        rate,
        10,
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        50,
        Duration.ofMillis(300),
        0,
        Duration.ofHours(1),
        Faults.none(),
        null,
        false,
        0,
        Dialect.documented());
  }

  Path manifest(String name, int entries) throws Exception {
    Path manifest = dir.resolve(name);
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < entries; i++) {
        out.write("{\"path\":\"https://media.example.com/v/" + i + ".mov\",\"kind\":\"video\"}\n");
      }
    }
    return manifest;
  }

  @Test
  void aPausedBatchWaitsUntilResumedMakesNoJobTwiceAndSaysOnceThatItIsDone() throws Exception {
    int entries = 120;
    Path manifest = manifest("life.jsonl", entries);
    CallLog calls = CallLog.allowingAll();
    try (LocalPipeline pipeline = new LocalPipeline(settings(20));
        NoticeReceiver receiver = new NoticeReceiver(null);
        CloudSchedulerStandIn scheduler = new CloudSchedulerStandIn(calls, null)) {
      IttybitSimulator ittybit = pipeline.ittybit();
      scheduler.create(LocalPipeline.PROJECT, LocalPipeline.LOCATION, "ittybatch-reconcile-life");
      Map<String, String> deployed =
          Map.of(
              "NOTIFY_URL", receiver.url(),
              "NOTIFY_STUCK_AFTER", "2s",
              "CLOUD_SCHEDULER_EMULATOR_HOST", scheduler.baseUrl());
      assertThat(pipeline.enqueue("--manifest=" + manifest, "--batch-id=life")).isZero();
      await().atMost(Duration.ofSeconds(30)).until(() -> number(pipeline, "life", "done") >= 20);

      assertThat(pipeline.job(deployed, "--pause", "--batch-id=life")).isZero();

      assertThat(pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH).pending())
          .as("none of its tasks is left in the queue")
          .isZero();
      long[] outcomes = {-1};
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                long now =
                    number(pipeline, "life", "done") + number(pipeline, "life", "dispatched");
                boolean still = now == outcomes[0];
                outcomes[0] = now;
                return still;
              });
      long pending = number(pipeline, "life", "pending");
      long jobs = ittybit.jobsCreated();
      assertThat(pending).as("entries held by the pause").isPositive();
      assertThat(plain(pipeline, manifest)).as("a plain run refuses a paused batch").isEqualTo(6);

      // Passes leave the paused batch's pending entries alone; once it has been quiet for
      // NOTIFY_STUCK_AFTER, one of them says it is stuck, and no later pass says it again.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> reconcile(pipeline, deployed) == 0 && receiver.texts().size() == 1);
      assertThat(reconcile(pipeline, deployed)).isZero();
      assertThat(receiver.texts())
          .singleElement()
          .satisfies(
              stuck ->
                  assertThat(stuck)
                      .contains("ittybatch: batch life has not moved for")
                      .contains(pending + " pending, held")
                      .contains("the batch is paused since")
                      .contains("deploy/deploy.sh resume life"));
      assertThat(number(pipeline, "life", "pending")).isEqualTo(pending);
      assertThat(number(pipeline, "life", "lost")).isZero();
      assertThat(ittybit.jobsCreated()).isEqualTo(jobs);

      assertThat(pipeline.job(deployed, "--resume", "--batch-id=life")).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> number(pipeline, "life", "succeeded") == entries);
      assertThat(ittybit.jobsCreated()).as("one job per entry").isEqualTo(entries);
      assertThat(ittybit.maxJobsPerEntry()).isEqualTo(1);
      assertThat(ittybit.counters().get("idempotency_conflicts")).isZero();

      // Every pass sees it done from now on: one notice, then the schedule ends. (Passes side by
      // side are NoticesTest's: each here starts a context, and logging is one per JVM.)
      for (int pass = 0; pass < 3; pass++) {
        assertThat(reconcile(pipeline, deployed)).isZero();
      }
      assertThat(receiver.texts()).hasSize(2);
      assertThat(receiver.texts().get(1))
          .contains("ittybatch: batch life is done: " + entries + " entries in ")
          .contains(entries + " succeeded.")
          .contains("No failures.")
          .contains("Status: deploy/deploy.sh status life");
      assertThat(pipeline.results().query("batch_life", "life"))
          .filteredOn(row -> "done_notified".equals(row.get("kind")))
          .singleElement()
          .satisfies(row -> assertThat(row).containsEntry("events", 1L));
      assertThat(
              scheduler.exists(
                  LocalPipeline.PROJECT, LocalPipeline.LOCATION, "ittybatch-reconcile-life"))
          .as("the schedule ended itself")
          .isFalse();
      assertThat(calls.calls())
          .contains(
              new Call(
                  ORCHESTRATOR,
                  "google.cloud.scheduler.v1.CloudScheduler.DeleteJob",
                  "cloudscheduler.jobs.delete",
                  Resources.schedulerJob(
                      LocalPipeline.PROJECT, LocalPipeline.LOCATION, "ittybatch-reconcile-life"),
                  true));
    }
  }

  @Test
  void cancellingABatchLeavesAnotherBatchsTasksAloneAndNoEntryWithoutAnOutcome() throws Exception {
    int entries = 30;
    Path manifest = manifest("lib.jsonl", entries);
    try (LocalPipeline pipeline = new LocalPipeline(settings(50));
        CloudTasksClient tasks = pipeline.cloudTasks().client()) {
      // The queue holds every task until the cancel is done. The same entries in both batches:
      // their tasks are named lib-<entry> and lib-x-<entry>, and "lib-" begins both.
      tasks.pauseQueue(LocalPipeline.QUEUE_PATH);
      assertThat(pipeline.enqueue("--manifest=" + manifest, "--batch-id=lib")).isZero();
      assertThat(pipeline.enqueue("--manifest=" + manifest, "--batch-id=lib-x")).isZero();

      assertThat(pipeline.enqueue("--cancel", "--batch-id=lib")).isZero();

      List<Map<String, Object>> cancelled = pipeline.results().query("batch_state", "lib");
      assertThat(cancelled)
          .hasSize(entries)
          .allSatisfy(row -> assertThat(row).containsEntry("status", "cancelled"));
      List<Map<String, Object>> other = pipeline.results().query("batch_state", "lib-x");
      assertThat(other).hasSize(entries);
      for (Map<String, Object> row : other) {
        assertThat(row).containsEntry("status", null);
        assertThat(tasks.getTask((String) row.get("task_name")).getName())
            .as("lib-x's tasks are all in the queue")
            .contains("/tasks/lib-x-");
      }
      assertThat(pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH).deleted())
          .isEqualTo(entries);
      assertThat(plain(pipeline, manifest))
          .as("a plain run refuses a cancelled batch")
          .isEqualTo(6);

      tasks.resumeQueue(LocalPipeline.QUEUE_PATH);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> number(pipeline, "lib-x", "succeeded") == entries);
      assertThat(pipeline.ittybit().jobsCreated())
          .as("lib's entries made no job")
          .isEqualTo(entries);
      assertThat(pipeline.results().progress("lib"))
          .containsEntry("cancelled", (long) entries)
          .containsEntry("pending", 0L)
          .containsEntry("dispatched", 0L);
    }
  }

  static int plain(LocalPipeline pipeline, Path manifest) {
    String batch = manifest.getFileName().toString().startsWith("life") ? "life" : "lib";
    return pipeline.enqueue("--manifest=" + manifest, "--batch-id=" + batch);
  }

  static int reconcile(LocalPipeline pipeline, Map<String, String> deployed) {
    return pipeline.job(deployed, "--reconcile", "--batch-id=life", "--older-than=0s");
  }

  static long number(LocalPipeline pipeline, String batch, String key) {
    return ((Number) pipeline.results().progress(batch).get(key)).longValue();
  }
}
