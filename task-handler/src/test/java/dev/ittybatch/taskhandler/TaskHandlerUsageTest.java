package dev.ittybatch.taskhandler;

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
 * The task-handler's jar: its help names every variable it reads, and a start with none set fails
 * in a line.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskHandlerUsageTest {

  @Test
  void theHelpListsEveryVariableTheTaskHandlerReads() {
    assertThat(TaskHandlerUsage.USAGE.variableNames())
        .containsExactlyInAnyOrderElementsOf(Usage.defaultsIn("task-handler.properties").keySet());
    assertThat(TaskHandlerUsage.USAGE.render())
        .startsWith("usage: task-handler\n")
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
            TaskHandlerUsage.USAGE,
            new String[0],
            new SpringApplicationBuilder(TaskHandlerApplication.class)
                .environment(nothingSet)
                .properties(TaskHandlerApplication.CONFIG, "server.port=0"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(exit).isEqualTo(ServiceStart.FAILED_TO_START);
    assertThat(output.getErr()).containsPattern("(?m)^task-handler: set [A-Z_]+ .*$");
    assertThat(output.getErr().lines()).hasSize(1);
    assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START", "\tat ");
  }
}
