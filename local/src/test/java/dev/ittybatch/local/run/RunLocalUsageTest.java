package dev.ittybatch.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** run-local's command line: --help, and a usage error in one line then the usage, exit 2. */
class RunLocalUsageTest {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return LocalRun.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryOptionWithItsDefaultAndTheVariables() {
    assertThat(run("--help")).isZero();

    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help).startsWith("usage: run-local MANIFEST [options]\n");
    for (String option : RunLocalUsage.optionNames()) {
      assertThat(help).containsPattern("(?m)^  --" + option + "\\b");
    }
    assertThat(help)
        .contains("--rate=X", "(default 50)", "--keep-open", "--media-dir=X")
        .containsPattern("(?m)^  FFMPEG\\b")
        .containsPattern("(?m)^  FFPROBE\\b")
        .contains("exit codes: 0 every entry has an outcome");
    assertThat(err.size()).isZero();
  }

  @Test
  void anUnknownOptionIsOneLineThenTheUsage() {
    assertThat(run("examples/library.jsonl", "--rat=5")).isEqualTo(LocalRun.USAGE_ERROR);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("run-local: unknown option --rat\nusage: run-local MANIFEST [options]\n");
    assertThat(out.size()).isZero();
  }

  @Test
  void aBadValueIsOneLineThenTheUsage() {
    assertThat(run("examples/library.jsonl", "--rate=fast")).isEqualTo(LocalRun.USAGE_ERROR);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("run-local: --rate must be a whole number, found fast\nusage: run-local ");
  }

  @Test
  void noManifestIsAUsageError() {
    assertThat(run()).isEqualTo(LocalRun.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("run-local: give one MANIFEST, or --media-dir=DIR\nusage: run-local ");
  }
}
