package dev.ittybatch.common.sql;

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
  void everyQueryFileIsOnTheClasspathByNameAndNothingElseIs() throws Exception {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("..", "sql", "queries"))) {
      for (var file : files.toList()) {
        String name = file.getFileName().toString().replace(".sql", "");
        assertThat(SqlScripts.query(name)).contains("ittybatch.");
      }
    }
    for (String notAQuery : new String[] {"../duckdb/02_bigquery_functions", "nope", "", "A"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqlScripts.query(notAQuery))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
