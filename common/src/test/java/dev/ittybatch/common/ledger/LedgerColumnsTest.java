package dev.ittybatch.common.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's DDL and its two row types agree, column for column: a BigQuery load job refuses a
 * field the table lacks.
 */
class LedgerColumnsTest {

  static final Path SQL = Path.of("..", "sql");

  /** Column name to type, in order, of {@code table} in a DDL file. */
  static Map<String, String> columns(String file, String table) throws IOException {
    String ddl = Files.readString(SQL.resolve(file));
    int start = ddl.indexOf("CREATE TABLE IF NOT EXISTS ittybatch." + table + " (");
    assertThat(start).as(table + " in " + file).isNotNegative();
    String body = ddl.substring(ddl.indexOf('(', start) + 1, ddl.indexOf("\n)", start));
    Matcher column =
        Pattern.compile("(?m)^\\s*([a-z_]+)\\s+(STRING|INT64|TIMESTAMP)\\b").matcher(body);
    Map<String, String> found = new LinkedHashMap<>();
    while (column.find()) {
      found.put(column.group(1), column.group(2));
    }
    return found;
  }

  static List<String> jsonFields(Object row) {
    return new ArrayList<>(JsonMapper.builder().build().valueToTree(row).propertyNames());
  }

  @Test
  void theRowTypesWriteExactlyTheTablesColumns() throws IOException {
    Instant t = Instant.parse("2026-11-30T10:00:00Z");
    LedgerEntry entry =
        new LedgerEntry("b", "e", 1, "gs://x/y", "video", 0, "projects/p/tasks/t", t, "r", t);
    BatchRun run =
        new BatchRun("b", "r", "enqueue", "gs://x/m", "1", 1L, "{}", 0L, 0, 1, 1L, 0L, t, t);
    assertThat(jsonFields(entry))
        .containsExactlyElementsOf(
            columns("bigquery/03_batch_ledger.sql", "batch_entries").keySet());
    assertThat(jsonFields(run))
        .containsExactlyElementsOf(columns("bigquery/03_batch_ledger.sql", "batch_runs").keySet());
  }
}
