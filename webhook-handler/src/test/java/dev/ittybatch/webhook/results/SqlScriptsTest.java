package dev.ittybatch.webhook.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptsTest {

  @Test
  void turnsNamedParametersIntoPositionalOnesInOrder() {
    SqlScripts.Positional query =
        SqlScripts.positional("SELECT 1 WHERE a = @batch_id AND b = @kind OR c = @batch_id");
    assertThat(query.sql()).isEqualTo("SELECT 1 WHERE a = ? AND b = ? OR c = ?");
    assertThat(query.parameters()).containsExactly("batch_id", "kind", "batch_id");
  }

  @Test
  void splitsScriptsAtLineEndingSemicolonsAndDropsComments() {
    List<String> statements =
        SqlScripts.statements(
            "-- a comment; with a semicolon\nCREATE X;\n\nSELECT 'a;b'\nFROM y;\n");
    assertThat(statements).containsExactly("CREATE X", "SELECT 'a;b'\nFROM y");
  }

  @Test
  void everyQueryFileIsOnTheClasspath() {
    for (String name : LocalResultsController.REPORTS) {
      assertThat(SqlScripts.read("queries/" + name + ".sql")).contains("ittybatch.task_results");
    }
  }
}
