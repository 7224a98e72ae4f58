package dev.ittybatch.local.gcs;

import org.junit.jupiter.api.Test;

/** The benchmark's quick mode: the task-handler's URL passes the check every time. */
class SignatureCheckBenchmarkSmokeTest {

  @Test
  void checksTheTaskHandlersUrlWithoutRefusingIt() throws Exception {
    SignatureCheckBenchmark.main(new String[] {"200"});
  }
}
