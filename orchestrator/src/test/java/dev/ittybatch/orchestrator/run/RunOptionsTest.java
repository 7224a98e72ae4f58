package dev.ittybatch.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunOptionsTest {

  @Test
  void theRejectsReportIsNamedForTheExecutionAndAttempt() {
    // The job may create objects but not overwrite them: a second run must not reuse the name.
    assertThat(
            RunOptions.uniqueToExecution(
                "gs://m/manifests/library.rejects.jsonl", "orchestrator-x7k2p", "1"))
        .isEqualTo("gs://m/manifests/library-orchestrator-x7k2p-a1.rejects.jsonl");
    assertThat(RunOptions.uniqueToExecution("/tmp/dir.v2/rejects", "exec", "0"))
        .isEqualTo("/tmp/dir.v2/rejects-exec-a0");
  }

  @Test
  void outsideCloudRunTheNameIsKept() {
    assertThat(RunOptions.uniqueToExecution("rejects.jsonl", null, "0")).isEqualTo("rejects.jsonl");
    assertThat(RunOptions.uniqueToExecution(null, "exec", "0")).isNull();
  }

  @Test
  void theStatusPageNeedsNoManifestAndNamesItsPort() {
    RunOptions options =
        RunOptions.from(
            new org.springframework.boot.DefaultApplicationArguments("--status-web"),
            new org.springframework.mock.env.MockEnvironment());
    assertThat(options.statusPort()).isEqualTo(8080);
    assertThat(options.manifest()).isNull();
    assertThat(RunOptions.statusPort("0")).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunOptions.statusPort("web"))
        .hasMessageContaining("--status-web=PORT must be a port number, found web");
  }
}
