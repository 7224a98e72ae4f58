package dev.ittybatch.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTest {

  static final Usage USAGE =
      new Usage(
          "tool",
          List.of(new Usage.Mode("--in=FILE", "reads it"), new Usage.Mode("", "waits")),
          List.of(
              new Usage.Option("in", "FILE", "the input"),
              new Usage.Option("port", "[=PORT]", "serve, on 8080 unless given"),
              new Usage.Option("quiet", null, "say less")),
          List.of(
              new Usage.Variable("QUEUE", "the queue"),
              new Usage.Variable("A_VARIABLE_WITH_A_VERY_LONG_NAME", "long " + "word ".repeat(30))),
          Map.of("QUEUE", "q-1", "A_VARIABLE_WITH_A_VERY_LONG_NAME", ""),
          List.of("exit codes: 0 done"));

  @Test
  void rendersModesOptionsVariablesWithDefaultsAndNotes() {
    String text = USAGE.render();

    assertThat(text)
        .startsWith("usage: tool --in=FILE\n         reads it\n       tool\n         waits\n");
    assertThat(text)
        .contains("\noptions:\n  --in=FILE                  the input\n")
        .contains("  --port[=PORT]              serve, on 8080 unless given\n")
        .contains("  --quiet                    say less\n")
        .contains("  QUEUE                      the queue [q-1]\n")
        .contains("  A_VARIABLE_WITH_A_VERY_LONG_NAME\n                             long word")
        .endsWith("\nexit codes: 0 done\n");
    assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
  }

  @Test
  void knowsHelpInAnyPosition() {
    assertThat(Usage.wantsHelp("--in=x", "--help")).isTrue();
    assertThat(Usage.wantsHelp("-h")).isTrue();
    assertThat(Usage.wantsHelp("--in=--help-me")).isFalse();
    assertThat(USAGE.optionNames()).containsExactly("in", "port", "quiet");
  }

  @Test
  void readsEachVariableAndItsDefaultFromAPropertiesFile() {
    assertThat(Usage.defaultsIn("cli/usage-test.properties"))
        .containsExactly(
            Map.entry("PORT", "8080"),
            Map.entry("ITTYBIT_API_KEY", ""),
            Map.entry("SIGNED_URL_TTL", "7d"));
    assertThatThrownBy(() -> Usage.defaultsIn("cli/missing.properties"))
        .hasMessage("cli/missing.properties is not on the classpath");
  }
}
