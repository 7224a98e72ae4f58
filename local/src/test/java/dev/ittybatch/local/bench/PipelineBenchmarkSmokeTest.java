package dev.ittybatch.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's quick mode: a small batch through the whole pipeline, every entry succeeded. */
class PipelineBenchmarkSmokeTest {

  @Test
  void aSmallBatchEndsWithEveryEntrySucceeded() throws Exception {
    assertThat(PipelineBenchmark.run(150, 100)).isTrue();
  }
}
