package dev.ittybatch.orchestrator.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.ittybatch.common.cli.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator's jar before Spring: --help, usage errors and dry runs need no environment, and
 * none of them starts the application.
 */
class CommandLineTest {

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final AtomicBoolean started = new AtomicBoolean();

  int run(Map<String, String> env, String... args) {
    return CommandLine.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        () -> {
          started.set(true);
          return ExitCodes.OK;
        });
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpWithNoEnvironmentNamesEveryOptionAndVariableAndExitsZero() {
    assertThat(run(Map.of(), "--help")).isZero();

    assertThat(started).isFalse();
    assertThat(out()).startsWith("usage: orchestrator --manifest=LOCATION");
    for (String option : OrchestratorUsage.USAGE.optionNames()) {
      assertThat(out()).containsPattern("(?m)^  --" + option + "\\b");
    }
    assertThat(out())
        .contains("--retry=STATUS[,STATUS...]", "--reconcile", "--older-than=DURATION")
        .contains("--no-redrive", "--status-web[=PORT]", "--dry-run");
    for (String variable : OrchestratorUsage.USAGE.variableNames()) {
      assertThat(out()).containsPattern("(?m)^  " + variable + "\\b");
    }
    assertThat(out()).contains("QUEUE", "[ittybit-batch]").contains("exit codes: 0 done");
    assertThat(err()).isEmpty();
  }

  @Test
  void aUsageErrorIsOneLineThenTheUsageAndExitsTwo() {
    assertThat(run(Map.of(), "--manifest=m.jsonl", "--concurency=8")).isEqualTo(ExitCodes.USAGE);

    assertThat(started).isFalse();
    assertThat(err()).startsWith("orchestrator: unknown option --concurency\nusage: orchestrator ");
    assertThat(err()).doesNotContain("Exception", "APPLICATION FAILED");
    assertThat(out()).isEmpty();
  }

  @Test
  void theHelpListsEveryVariableTheOrchestratorReads() {
    // Spring reads those of orchestrator.properties; RunOptions reads Cloud Run's own; the two
    // relaxed-bound tuning variables have their defaults on the record.
    assertThat(OrchestratorUsage.USAGE.variableNames())
        .containsExactlyInAnyOrderElementsOf(
            union(
                Usage.defaultsIn("orchestrator.properties").keySet(),
                java.util.Set.of(
                    "CLOUD_RUN_TASK_INDEX",
                    "CLOUD_RUN_TASK_COUNT",
                    "CLOUD_RUN_EXECUTION",
                    "CLOUD_RUN_TASK_ATTEMPT",
                    "ORCHESTRATOR_LEDGER_CHUNK",
                    "ORCHESTRATOR_CREATE_ATTEMPTS")));
  }

  static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void aDryRunOfALocalManifestNeedsNoEnvironmentAndListsProblemsOnStderr() throws Exception {
    Path manifest = dir.resolve("local.jsonl");
    Files.writeString(
        manifest,
        "{\"path\":\"gs://media-lib/a.mov\",\"kind\":\"video\"}\n"
            + "{\"path\":\"gs://media-lib/b.mov\",\"kind\":\"vidoe\"}\n"
            + "{\"path\":\"gs://media-lib/c.wav\",\"kind\":\"audio\"}\n");

    assertThat(run(Map.of(), "--manifest=" + manifest, "--dry-run"))
        .isEqualTo(ExitCodes.INVALID_MANIFEST);

    assertThat(started).isFalse();
    assertThat(err()).startsWith(manifest + ":2: kind \"vidoe\" is not one of ");
    assertThat(err().lines()).hasSize(1);
    assertThat(out())
        .isEqualTo(
            manifest
                + ": 2 valid, 1 invalid (video 1, audio 1), 0 warnings\n"
                + "Dry run: nothing was enqueued.\n");
  }

  @Test
  void aDryRunOfAValidManifestExitsZero() throws Exception {
    Path manifest = dir.resolve("good.jsonl");
    Files.writeString(manifest, "{\"path\":\"gs://media-lib/a.mov\",\"kind\":\"video\"}\n");

    assertThat(run(Map.of(), "--manifest=" + manifest, "--dry-run")).isZero();
    assertThat(err()).isEmpty();
    assertThat(out()).startsWith(manifest + ": 1 valid, 0 invalid (video 1)");
  }

  @Test
  void aDryRunOfAMissingFileSaysSoAndExitsTwo() {
    assertThat(run(Map.of(), "--manifest=" + dir.resolve("nope.jsonl"), "--dry-run"))
        .isEqualTo(ExitCodes.INVALID_MANIFEST);
    assertThat(err()).isEqualTo(dir.resolve("nope.jsonl") + ": no such file\n");
  }

  @Test
  void aDryRunOfACloudStorageManifestOnlyReadsThatObject() {
    WireMockServer storage = new WireMockServer(wireMockConfig().dynamicPort());
    storage.start();
    try {
      byte[] body =
          ("{\"path\":\"gs://media-lib/a.mov\",\"kind\":\"video\"}\n"
                  + "{\"path\":\"media-lib/b.mov\",\"kind\":\"video\"}\n")
              .getBytes(StandardCharsets.UTF_8);
      String object = "/storage/v1/b/manifests/o/runs%2Flib.jsonl";
      storage.stubFor(
          get(urlPathEqualTo("/download" + object))
              .willReturn(aResponse().withStatus(200).withBody(body)));
      storage.stubFor(
          get(urlPathEqualTo(object))
              .withQueryParam("alt", WireMock.absent())
              .willReturn(
                  okJson(
                      "{\"bucket\":\"manifests\",\"name\":\"runs/lib.jsonl\",\"size\":\""
                          + body.length
                          + "\",\"generation\":\"1\"}")));

      int exit =
          run(
              Map.of("STORAGE_EMULATOR_HOST", "http://127.0.0.1:" + storage.port()),
              "--manifest=gs://manifests/runs/lib.jsonl",
              "--dry-run");

      assertThat(exit).as(err()).isEqualTo(ExitCodes.INVALID_MANIFEST);
      assertThat(err())
          .startsWith("gs://manifests/runs/lib.jsonl:2: \"path\" must start with gs://");
      assertThat(out()).startsWith("gs://manifests/runs/lib.jsonl: 1 valid, 1 invalid (video 1)");
      assertThat(
              storage.findAll(
                  anyRequestedFor(
                      urlPathMatching("/(download/)?storage/v1/b/manifests/o/runs%2Flib.jsonl"))))
          .isNotEmpty();
      assertThat(storage.findAll(anyRequestedFor(urlPathMatching(".*"))))
          .allMatch(
              request ->
                  request.getMethod().getName().equals("GET")
                      && request.getUrl().contains("/b/manifests/o/runs%2Flib.jsonl"));
    } finally {
      storage.stop();
    }
  }

  @Test
  void anythingElseStartsTheApplication() {
    assertThat(run(Map.of(), "--manifest=gs://manifests/lib.jsonl")).isZero();
    assertThat(started).isTrue();
  }

  @Test
  void aStartThatFailsExitsOneWithoutATrace() {
    int exit =
        CommandLine.run(
            new String[] {"--manifest=gs://manifests/lib.jsonl"},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            () -> {
              throw new IllegalStateException("set GCP_PROJECT to the Google Cloud project id");
            });
    assertThat(exit).isEqualTo(ExitCodes.FAILED_TO_START);
    assertThat(err()).isEmpty();
  }
}
