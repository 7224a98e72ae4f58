package dev.ittybatch.common.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's quick mode: every generated line read as valid. No timing is asserted. */
class ManifestBenchmarkSmokeTest {

  @Test
  void readsEveryGeneratedLine() throws Exception {
    assertThat(ManifestBenchmark.run(2_000, false, 1)).isTrue();
    assertThat(ManifestBenchmark.run(2_000, true, 1)).isTrue();
  }
}
