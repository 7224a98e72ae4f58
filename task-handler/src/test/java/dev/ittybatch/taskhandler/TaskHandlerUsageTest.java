package dev.ittybatch.taskhandler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.cli.ServiceStart;
import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.common.testing.NothingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

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
    int exit =
        NothingSet.start(
            TaskHandlerUsage.USAGE, TaskHandlerApplication.class, TaskHandlerApplication.CONFIG);

    assertThat(exit).isEqualTo(ServiceStart.FAILED_TO_START);
    assertThat(output.getErr()).containsPattern("(?m)^task-handler: set [A-Z_]+ .*$");
    assertThat(output.getErr().lines()).hasSize(1);
    assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START", "\tat ");
  }
}
