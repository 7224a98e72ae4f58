package dev.ittybatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.cli.ServiceStart;
import dev.ittybatch.common.cli.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;

/**
 * The webhook-handler's jar: its help names every variable it reads, and a start with none set
 * fails in a line.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookHandlerUsageTest {

  @Test
  void theHelpListsEveryVariableTheWebhookHandlerReads() {
    assertThat(WebhookHandlerUsage.USAGE.variableNames())
        .containsExactlyInAnyOrderElementsOf(
            Usage.defaultsIn("webhook-handler.properties").keySet());
    assertThat(WebhookHandlerUsage.USAGE.render())
        .startsWith("usage: webhook-handler\n")
        .contains("  PORT ");
  }

  @Test
  void startingWithNoVariableSetIsOneLineNamingOne(CapturedOutput output) {
    // This process's environment left out, as on a machine where nothing is set.
    StandardEnvironment nothingSet = new StandardEnvironment();
    nothingSet
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        ServiceStart.start(
            WebhookHandlerUsage.USAGE,
            new String[0],
            new SpringApplicationBuilder(WebhookHandlerApplication.class)
                .environment(nothingSet)
                .properties(WebhookHandlerApplication.CONFIG, "server.port=0"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(exit).isEqualTo(ServiceStart.FAILED_TO_START);
    assertThat(output.getErr()).containsPattern("(?m)^webhook-handler: set [A-Z_]+ .*$");
    assertThat(output.getErr().lines()).hasSize(1);
    assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START", "\tat ");
  }
}
