package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ittybatch.local.cloudtasks.QueueStats;
import dev.ittybatch.local.run.LocalPipeline;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 entries through orchestrator -> Cloud Tasks emulator -> task-handler -> Ittybit simulator
 * -> webhook-handler -> DuckDB, with 10% of creates answered 429, 5% 5xx, 3% of inputs rejected, 5%
 * of jobs failing, 20% of webhooks delivered twice, and the orchestrator run twice. Waits are
 * shrunk by the time scale; the entry count is not.
 */
class NothingLostUnderFaultsTest {

  static final int ENTRIES = 2000;
  static final int RATE = 400;
  static final String[] KINDS = {"video", "audio", "image", "animation", "adaptive_video"};

  @TempDir Path dir;

  @Test
  void everyEntryEndsWithExactlyOneOutcome() throws Exception {
    Path manifest = dir.resolve("faults.jsonl");
    String[] inputs = new String[ENTRIES];
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < ENTRIES; i++) {
        String kind = KINDS[i % KINDS.length];
        String path;
        if (i % 4 == 0) {
          // Signed locally with a throwaway key: Ittybit sees storage.googleapis.com URLs.
          path = "gs://media-library/" + kind + "/" + i + ".bin";
          inputs[i] = "https://storage.googleapis.com/media-library/" + kind + "/" + i + ".bin";
        } else {
          path = "https://media.example.com/" + kind + "/" + i + ".bin";
          inputs[i] = path;
        }
        out.write("{\"path\":\"" + path + "\",\"kind\":\"" + kind + "\"}\n");
      }
    }
    LocalPipeline.Settings settings =
        new LocalPipeline.Settings(
            dir.resolve("data"),
            RATE,
            200,
            12,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            50,
            Duration.ofMillis(300),
            0.10,
            0.05,
            0.03,
            0.05,
            0.20);

    try (LocalPipeline pipeline = new LocalPipeline(settings)) {
      assertThat(pipeline.enqueue("--manifest=" + manifest, "--batch-id=faults")).isZero();
      assertThat(pipeline.enqueue("--manifest=" + manifest, "--batch-id=faults"))
          .as("a second run enqueues nothing twice")
          .isZero();

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> ((Number) pipeline.progress("faults").get("done")).intValue() >= ENTRIES);
      // Let redelivered and duplicated webhooks land too: the counts must not move.
      Thread.sleep(1500);

      long expectRejected = 0;
      long expectFailed = 0;
      for (String input : inputs) {
        if (pipeline.ittybit().rejects(input)) {
          expectRejected++;
        } else if (pipeline.ittybit().fails(input)) {
          expectFailed++;
        }
      }
      Map<String, Object> progress = pipeline.progress("faults");
      assertThat(progress)
          .containsEntry("entries", ENTRIES)
          .containsEntry("done", ENTRIES)
          .containsEntry("in_flight", 0)
          .containsEntry("rejected", (int) expectRejected)
          .containsEntry("failed", (int) expectFailed)
          .containsEntry("succeeded", (int) (ENTRIES - expectRejected - expectFailed))
          .containsEntry("dispatch_failed", 0)
          .containsEntry("cancelled", 0);
      assertThat(expectRejected).as("the 3%% share is exercised").isBetween(30L, 100L);
      assertThat(expectFailed).as("the 5%% share is exercised").isBetween(60L, 150L);

      assertThat(pipeline.ittybit().maxJobsPerKey())
          .as("no entry produced two Ittybit jobs")
          .isEqualTo(1);
      assertThat(pipeline.ittybit().jobsCreated()).isEqualTo(ENTRIES - expectRejected);
      Map<String, Long> counters = pipeline.ittybit().counters();
      assertThat(counters.get("rate_limited")).isPositive();
      assertThat(counters.get("server_errors")).isPositive();

      QueueStats queue = pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH);
      assertThat(queue.created()).as("each entry enqueued once").isEqualTo(ENTRIES);
      assertThat(queue.dropped()).isZero();
      assertThat(queue.attempts()).as("faults caused retries").isGreaterThan(ENTRIES);
      assertThat(queue.maxDispatchesInAnySecond())
          .as("the dispatch rate never exceeded the queue's")
          .isLessThanOrEqualTo(RATE + 1);
    }
  }
}
