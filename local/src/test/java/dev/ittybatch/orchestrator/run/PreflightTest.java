package dev.ittybatch.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.run.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code --preflight} against the simulator playing Ittybit as documented today: every check passes
 * on a healthy deployment, and each broken part shows as its own FAILED line with the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class PreflightTest {

  @TempDir static Path dir;
  static LocalPipeline pipeline;
  static Path manifest;
  static String uri;

  @BeforeAll
  static void start() throws Exception {
    manifest = dir.resolve("library.jsonl");
    Files.writeString(
        manifest,
        "{\"path\":\"gs://media-library/a.mov\",\"kind\":\"video\"}\n"
            + "{\"path\":\"gs://media-library/b.mov\",\"kind\":\"video\"}\n");
    pipeline =
        new LocalPipeline(
            new PipelineSettings(
                dir.resolve("data"),
                50,
                50,
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                50,
                Duration.ofMillis(200),
                0,
                Duration.ofHours(1),
                Faults.none(),
                null,
                false,
                0,
                Dialect.documented()));
    uri = pipeline.stage(manifest);
  }

  @AfterAll
  static void stop() {
    pipeline.close();
  }

  int preflight(Map<String, String> overrides) {
    Map<String, String> environment = new HashMap<>(overrides);
    environment.put("PREFLIGHT_TIMEOUT", "30s");
    environment.put("PREFLIGHT_WEBHOOK_GRACE", "5s");
    return pipeline.orchestrate(environment, "--preflight", "--manifest=" + uri);
  }

  @Test
  void aHealthyDeploymentPassesEveryCheckTheWholeWay(CapturedOutput output) {
    assertThat(preflight(Map.of())).isEqualTo(ExitCodes.OK);

    assertThat(output.getOut())
        .contains("OK       key works: GET /jobs?limit=1 answered 200")
        .contains("OK       webhook endpoint registered: we_")
        .contains("OK       first entry: line 1: gs://media-library/a.mov (video)")
        .contains("OK       task created: preflight-")
        .contains("OK       job created: the task-handler signed the input and created job job_")
        .contains("OK       signed URL opens: GET answered 20")
        .contains("OK       outcome by webhook: job job_")
        .contains("Preflight: every check passed");
  }

  @Test
  void aKeyIttybitRefusesFailsFirstAndNamesTheFix(CapturedOutput output) {
    assertThat(preflight(Map.of("ITTYBIT_API_KEY", "itty_not_the_key")))
        .isEqualTo(ExitCodes.PREFLIGHT_FAILED);

    assertThat(output.getOut())
        .contains("FAILED   key works: Ittybit answered 401")
        .contains("fix: the key is missing or wrong: export ITTYBIT_API_KEY=")
        .contains("SKIPPED  webhook endpoint registered: needs a working key")
        .contains("SKIPPED  first entry the whole way: needs a working key")
        .doesNotContain("itty_not_the_key");
  }

  @Test
  void noEndpointForTheWebhookUrlFailsWithTheSetupStep(CapturedOutput output) {
    assertThat(preflight(Map.of("WEBHOOK_URL", "http://127.0.0.1:9/webhook")))
        .isEqualTo(ExitCodes.PREFLIGHT_FAILED);

    assertThat(output.getOut())
        .contains("FAILED   webhook endpoint registered: none of the 1 endpoints posts to")
        .contains("fix: run deploy/deploy.sh setup: it registers the endpoint");
  }

  @Test
  void aSignedUrlThatCannotBeReachedFailsBeforeTheBatchDoes(CapturedOutput output) {
    // The task handler signs for a host where nothing listens, as one given a wrong
    // STORAGE_EMULATOR_HOST would (and does not look the object up there first).
    pipeline.restartTaskHandler(
        Map.of("STORAGE_EMULATOR_HOST", "http://127.0.0.1:9", "CHECK_OBJECT_EXISTS", "false"));
    try {
      assertThat(preflight(Map.of())).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
    } finally {
      pipeline.restartTaskHandler(Map.of());
    }

    assertThat(output.getOut())
        .contains("OK       job created")
        .contains("FAILED   signed URL opens: unreachable")
        .contains("fix: the URL must point at Cloud Storage")
        .doesNotContain("X-Goog-Signature=");
  }
}
