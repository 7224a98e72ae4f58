package dev.ittybatch.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run-local shows a batch's life on a real run: paused once a few entries have their outcome,
 * resumed a moment later, then done, its notice printed as it would have been posted.
 */
class LocalLifeRunTest {

  @TempDir Path dir;

  @Test
  void aRunPausedAfterSomeOutcomesResumesAndPrintsItsDoneNotice() throws Exception {
    Path manifest = dir.resolve("life.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < 40; i++) {
        out.write("{\"path\":\"https://media.example.com/v/" + i + ".mov\",\"kind\":\"video\"}\n");
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        LocalRun.run(
            new String[] {
              manifest.toString(),
              "--pause-after=5",
              "--rate=10",
              "--processing-ms=200",
              "--rejected=0",
              "--failed=0",
              "--forged-webhooks=0",
              "--data-dir=" + dir.resolve("data")
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .containsPattern("Batch life: enqueued \\S+ -> paused \\S+ \\(at \\d+ outcomes\\)")
        .contains(" -> resumed ")
        .contains(" -> done; done notices taken by the local receiver: 1")
        .contains("notice (would be posted to NOTIFY_URL):")
        .contains("  | ittybatch: batch life is done: 40 entries in ");
  }
}
