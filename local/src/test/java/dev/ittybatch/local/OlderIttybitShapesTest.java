package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.testing.SmallPipelines;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A small batch through the whole pipeline against each other generation of Ittybit's docs: jobs
 * carrying their own webhook_url, answered with the bare object or a typed job event, in older
 * status words; and endpoint events whose task carries nothing that ties it to a job, which are
 * counted and settled by reconciliation. The fault proof plays today's docs at scale; a task that
 * names its job is the web layer's test ({@code WebhookEndpointTest}).
 */
class OlderIttybitShapesTest {

  static final int ENTRIES = 12;

  @TempDir Path dir;

  static Stream<Arguments> generations() {
    return Stream.of(
        Arguments.of(
            "bare objects to each job's webhook_url, older words",
            Dialect.perJobWebhooks(Dialect.WebhookStyle.BARE_OBJECT, true),
            false),
        Arguments.of(
            "typed job events to each job's webhook_url",
            Dialect.perJobWebhooks(Dialect.WebhookStyle.TYPED_JOB_EVENT, false),
            false),
        Arguments.of(
            "endpoint events whose task names nothing",
            Dialect.documented().withTaskData(Dialect.TaskData.BARE),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generations")
  void everyEntrySettlesWhateverShapeItsWebhooksTake(
      String generation, Dialect dialect, boolean onlyByReconciliation) throws Exception {
    Path manifest = dir.resolve("older.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < ENTRIES; i++) {
        out.write("{\"path\":\"https://media.example.com/" + i + ".mov\",\"kind\":\"video\"}\n");
      }
    }
    try (LocalPipeline pipeline =
        new LocalPipeline(SmallPipelines.settings(dir.resolve("data"), Faults.none(), dialect))) {
      // As deploy.sh run does: the manifest in the manifest bucket, its inputs in theirs.
      String uri = pipeline.stage(manifest);
      assertThat(pipeline.enqueue("--manifest=" + uri, "--batch-id=older")).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Map<String, Object> now = pipeline.results().progress("older");
                return number(now, "pending") == 0
                    && (onlyByReconciliation
                        ? number(now, "dispatched") == ENTRIES
                        : number(now, "succeeded") == ENTRIES);
              });

      if (onlyByReconciliation) {
        await().atMost(Duration.ofSeconds(10)).until(() -> unplaced(pipeline) == ENTRIES);
        assertThat(pipeline.enqueue("--reconcile", "--batch-id=older", "--older-than=0s")).isZero();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> number(pipeline.results().progress("older"), "succeeded") == ENTRIES);
      } else {
        assertThat(unplaced(pipeline)).isZero();
      }
      assertThat(pipeline.ittybit().maxJobsPerEntry()).isEqualTo(1);
    }
  }

  static long unplaced(LocalPipeline pipeline) {
    return pipeline.results().query("batch_events", "older").stream()
        .filter(event -> "webhook_unplaced".equals(event.get("kind")))
        .map(event -> number(event, "events"))
        .findFirst()
        .orElse(0L);
  }

  private static long number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).longValue();
  }
}
