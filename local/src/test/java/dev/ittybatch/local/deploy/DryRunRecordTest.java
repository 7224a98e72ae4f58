package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DryRunRecordTest {

  @Test
  void readsTheWordsBashWouldPassFromPrintfQuoting() {
    DryRunRecord record =
        DryRunRecord.parse(
            "r",
            "== a heading\n"
                + "+ gcloud x --schedule=\\*/15\\ \\*\\ \\* --format=value\\(name\\)"
                + " --body=\\{\\\"a\\\":\\[1\\,2\\]\\} '' $'line\\none' \"d q\"\n");

    assertThat(record.commands())
        .singleElement()
        .satisfies(
            command ->
                assertThat(command.words())
                    .containsExactly(
                        "gcloud",
                        "x",
                        "--schedule=*/15 * *",
                        "--format=value(name)",
                        "--body={\"a\":[1,2]}",
                        "",
                        "line\none",
                        "d q"));
  }

  @Test
  void splitsPipelinesAndExistsOrCreatePairsAndKeepsTheStdinFile() {
    DryRunRecord record =
        DryRunRecord.parse(
            "setup.txt",
            "+ gcloud a describe x >/dev/null 2>&1 || gcloud a create x\n"
                + "+ <secret> | gcloud secrets versions add s --data-file=- # only if absent\n"
                + "+ bq query --use_legacy_sql=false < sql/q.sql\n"
                + "+ <repo>/mvnw -B package\n");

    List<Command> commands = record.commands();
    assertThat(commands)
        .extracting(Command::words)
        .containsExactly(
            List.of("gcloud", "a", "describe", "x"),
            List.of("gcloud", "a", "create", "x"),
            List.of("gcloud", "secrets", "versions", "add", "s", "--data-file=-"),
            List.of("bq", "query", "--use_legacy_sql=false"),
            List.of("<repo>/mvnw", "-B", "package"));
    assertThat(commands.get(2).secretOnStdin()).isTrue();
    assertThat(commands.get(3).stdin()).isEqualTo("sql/q.sql");
    assertThat(commands.get(3).where()).isEqualTo("setup.txt:3");
    assertThat(commands.get(4).program()).isEqualTo("mvnw");
  }

  @Test
  void readsTheEnvFileAsBashWouldAndRefusesWhatBashWouldExpand() {
    assertThat(EnvFile.parse("e", List.of("# c", "", "A=1", "B=\"x y\"", "C='*/15 * * * *'", "D=")))
        .isEqualTo(Map.of("A", "1", "B", "x y", "C", "*/15 * * * *", "D", ""));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnvFile.parse("e", List.of("A=$HOME")))
        .hasMessageStartingWith("e:1: ");
  }
}
