package dev.ittybatch.taskhandler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's quick mode: every task dispatched. No timing is asserted. */
class DispatchBenchmarkSmokeTest {

  @Test
  void dispatchesEveryTask() throws Exception {
    assertThat(DispatchBenchmark.run(200, 8, 5, 0)).isTrue();
  }
}
