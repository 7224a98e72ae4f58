package dev.ittybatch.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's quick mode: one task per entry and a clean exit. No timing is asserted. */
class EnqueueBenchmarkSmokeTest {

  @Test
  void createsOneTaskPerEntry() throws Exception {
    assertThat(EnqueueBenchmark.run(500, 1, 20, 16)).isTrue();
  }
}
