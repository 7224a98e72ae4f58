package dev.ittybatch.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunOptionsTest {

  @Test
  void theRejectsReportIsNamedForTheExecutionAndAttempt() {
    // The job may create objects but not overwrite them: a second run must not reuse the name.
    assertThat(
            Executions.uniqueToExecution(
                "gs://m/manifests/library.rejects.jsonl", "orchestrator-x7k2p", "1"))
        .isEqualTo("gs://m/manifests/library-orchestrator-x7k2p-a1.rejects.jsonl");
    assertThat(Executions.uniqueToExecution("/tmp/dir.v2/rejects", "exec", "0"))
        .isEqualTo("/tmp/dir.v2/rejects-exec-a0");
  }

  @Test
  void outsideCloudRunTheNameIsKept() {
    assertThat(Executions.uniqueToExecution("rejects.jsonl", null, "0")).isEqualTo("rejects.jsonl");
    assertThat(Executions.uniqueToExecution(null, "exec", "0")).isNull();
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

  static RunOptions parse(String... args) {
    return RunOptions.from(
        new org.springframework.boot.DefaultApplicationArguments(args),
        new org.springframework.mock.env.MockEnvironment());
  }

  @Test
  void everyOptionInTheUsageIsReadAndNoOtherIsAccepted() {
    RunOptions plain = parse("--manifest=a.jsonl");
    RunOptions reconcile = parse("--manifest=a.jsonl", "--reconcile");
    // Each option of the usage, and what it changes: the parser reads every one it lists.
    java.util.Map<String, Boolean> effects = new java.util.LinkedHashMap<>();
    effects.put("manifest", parse("--manifest=b.jsonl").manifest().equals("b.jsonl"));
    effects.put(
        "batch-id", parse("--manifest=a.jsonl", "--batch-id=b2").batchId().value().equals("b2"));
    effects.put("concurrency", parse("--manifest=a.jsonl", "--concurrency=7").concurrency() == 7);
    effects.put(
        "skip-invalid",
        parse("--manifest=a.jsonl", "--skip-invalid").skipInvalid() && !plain.skipInvalid());
    effects.put(
        "rejects", "r.jsonl".equals(parse("--manifest=a.jsonl", "--rejects=r.jsonl").rejects()));
    effects.put("dry-run", parse("--manifest=a.jsonl", "--dry-run").dryRun() && !plain.dryRun());
    effects.put("retry", !parse("--manifest=a.jsonl", "--retry=failed").retry().isEmpty());
    effects.put("reconcile", reconcile.reconcile() && !plain.reconcile());
    effects.put(
        "no-redrive",
        !parse("--manifest=a.jsonl", "--reconcile", "--no-redrive").redrive()
            && reconcile.redrive());
    effects.put(
        "older-than",
        parse("--manifest=a.jsonl", "--reconcile", "--older-than=5m")
            .olderThan()
            .equals(java.time.Duration.ofMinutes(5)));
    effects.put("status-web", parse("--status-web=9").statusPort() == 9);
    effects.put("preflight", parse("--preflight").preflight() && !plain.preflight());
    effects.put(
        "register-webhook",
        "https://h/webhook"
            .equals(parse("--register-webhook=https://h/webhook").registerWebhook()));
    for (RunOptions.Action action : RunOptions.Action.values()) {
      String option = action.name().toLowerCase(java.util.Locale.ROOT);
      effects.put(option, parse("--" + option, "--batch-id=b").action() == action);
    }
    // --help is answered before any parsing (CommandLineTest), and accepted here too.
    effects.put("help", parse("--manifest=a.jsonl", "--help").manifest().equals("a.jsonl"));

    assertThat(effects).containsOnlyKeys(OrchestratorUsage.USAGE.optionNames());
    assertThat(effects).allSatisfy((option, changed) -> assertThat(changed).as(option).isTrue());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> parse("--manifest=a.jsonl", "--concurency=8"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option --concurency");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--pause"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--pause needs --batch-id: the batch it acts on");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> parse("--cancel", "--pause", "--batch-id=b"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("separate runs");
  }
}
