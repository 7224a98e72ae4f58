package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.run.PipelineSettings;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaker's proof: 5,000 entries against an Ittybit that refuses every job with 400
 * request_invalid (an account-wide refusal, such as a body field it does not take). At most the
 * breaker's first entries are recorded, the rest stay pending in a paused queue, and the reason is
 * recorded. Then Ittybit behaves, the queue is resumed, and every entry settles with no job made
 * twice.
 */
class BreakerProofTest {

  static final int ENTRIES = 5000;

  /** BREAKER_FIRST_ENTRIES' default: the first answers of a batch that stop it. */
  static final int FIRST_ENTRIES = 10;

  @TempDir Path dir;

  @Test
  void aBatchRefusedAccountWideStopsAndEveryEntrySettlesOnceResumed() throws Exception {
    Path manifest = dir.resolve("refused.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < ENTRIES; i++) {
        out.write("{\"path\":\"https://media.example.com/v/" + i + ".mov\",\"kind\":\"video\"}\n");
      }
    }
    PipelineSettings settings =
        new PipelineSettings(
            dir.resolve("data"),
            250,
            200,
            5,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            50,
            Duration.ofMillis(200),
            0,
            Duration.ofHours(1),
            Faults.none(),
            null,
            false,
            0,
            Dialect.documented());

    try (LocalPipeline pipeline = new LocalPipeline(settings)) {
      IttybitSimulator ittybit = pipeline.ittybit();
      ittybit.refuseEveryCreate(
          400, "request_invalid", "unknown field webhook_url: POST /jobs takes input, kind, ...");

      // As deploy.sh run does: the manifest in the manifest bucket, its inputs in theirs.
      String uri = pipeline.stage(manifest);
      assertThat(pipeline.enqueue("--manifest=" + uri, "--batch-id=refused")).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> pipeline.cloudTasks().paused(LocalPipeline.QUEUE_PATH));
      // The tasks in flight when it paused come back refused, and are held; after them, a paused
      // queue makes no attempt at all.
      long[] attempts = {-1};
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                long now = pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH).attempts();
                boolean still = now == attempts[0];
                attempts[0] = now;
                return still;
              });
      assertThat(attempts[0]).as("the pause came early").isLessThan(ENTRIES / 4);

      Map<String, Object> stopped = pipeline.results().progress("refused");
      long recorded = number(stopped, "done") + number(stopped, "dispatched");
      assertThat(recorded)
          .as("at most the first entries recorded")
          .isLessThanOrEqualTo(FIRST_ENTRIES);
      assertThat(number(stopped, "rejected")).isEqualTo(recorded);
      assertThat(number(stopped, "pending")).isEqualTo(ENTRIES - recorded);
      assertThat(ittybit.jobsCreated()).isZero();
      List<Map<String, Object>> events = pipeline.results().query("batch_events", "refused");
      assertThat(events)
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event).containsEntry("kind", "breaker_tripped");
                assertThat((String) event.get("reason"))
                    .contains("400 request_invalid")
                    .contains("unknown field webhook_url")
                    .contains("deploy/deploy.sh resume refused");
              });

      ittybit.acceptCreates();
      pipeline.resume("refused");
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> number(pipeline.results().progress("refused"), "done") >= ENTRIES);

      Map<String, Object> settled = pipeline.results().progress("refused");
      assertThat(settled)
          .containsEntry("pending", 0L)
          .containsEntry("dispatched", 0L)
          .containsEntry("rejected", recorded)
          .containsEntry("succeeded", ENTRIES - recorded);
      assertThat(ittybit.jobsCreated()).isEqualTo(ENTRIES - recorded);
      assertThat(ittybit.maxJobsPerEntry()).as("no job made twice").isEqualTo(1);
      assertThat(pipeline.cloudTasks().paused(LocalPipeline.QUEUE_PATH)).isFalse();
      assertThat(pipeline.results().query("batch_events", "refused"))
          .extracting(event -> event.get("kind"))
          .containsExactlyInAnyOrder("breaker_tripped", "resumed");
    }
  }

  private static long number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).longValue();
  }
}
