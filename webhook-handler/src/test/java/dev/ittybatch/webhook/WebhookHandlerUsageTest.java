package dev.ittybatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.cli.ServiceStart;
import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.common.testing.NothingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

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
    int exit =
        NothingSet.start(
            WebhookHandlerUsage.USAGE,
            WebhookHandlerApplication.class,
            WebhookHandlerApplication.CONFIG);

    assertThat(exit).isEqualTo(ServiceStart.FAILED_TO_START);
    assertThat(output.getErr()).containsPattern("(?m)^webhook-handler: set [A-Z_]+ .*$");
    assertThat(output.getErr().lines()).hasSize(1);
    assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START", "\tat ");
  }
}
