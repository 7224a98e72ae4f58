package dev.ittybatch.common.results.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.results.ResultColumns;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultRowBuilder;
import dev.ittybatch.common.results.ResultStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result columns are written down in the DDL, the BigQuery row converter and the row's JSON:
 * they must name the same columns, in compatible types.
 */
class ResultColumnsTest {

  static final Path SQL = Path.of("..", "sql");

  static Map<String, String> columns(String file, String types) throws IOException {
    String ddl = Files.readString(SQL.resolve(file));
    int start = ddl.indexOf("CREATE TABLE IF NOT EXISTS ittybatch.task_results (");
    String table = ddl.substring(ddl.indexOf('(', start) + 1, ddl.indexOf("\n)", start));
    Matcher column = Pattern.compile("(?m)^\\s*([a-z_]+)\\s+(" + types + ")\\b").matcher(table);
    Map<String, String> found = new LinkedHashMap<>();
    while (column.find()) {
      found.put(column.group(1), column.group(2));
    }
    return found;
  }

  static ResultRow everyColumnSet() {
    Instant t = Instant.parse("2026-11-30T10:00:00Z");
    return ResultRowBuilder.row("evt", ResultStatus.SUCCEEDED, t)
        .batchId("b")
        .entryId("e")
        .jobId("job")
        .kind("video")
        .source("bucket", "key")
        .outputUrl("url")
        .width(1L)
        .height(2L)
        .duration(3.5)
        .format("mp4")
        .durationMs(4L)
        .createdAt(t)
        .startedAt(t)
        .completedAt(t)
        .error("kind", "message")
        .origin("webhook")
        .attempt(5)
        .generation(6)
        .build();
  }

  @Test
  void theOneColumnListIsTheDdlsColumnsInTheirOrderAndTypes() throws IOException {
    Map<String, String> bigQuery =
        columns("bigquery/02_task_results.sql", "STRING|INT64|FLOAT64|TIMESTAMP");
    Map<String, String> listed = new LinkedHashMap<>();
    for (ResultColumns.Column column : ResultColumns.ALL) {
      listed.put(column.name(), column.type().name());
    }
    assertThat(listed).containsExactlyEntriesOf(bigQuery);
    ResultRow row = everyColumnSet();
    for (ResultColumns.Column column : ResultColumns.ALL) {
      assertThat(ResultColumns.valueOf(column, row)).as(column.name()).isNotNull();
    }
  }

  @Test
  void theBigQueryConverterWritesEveryColumnInItsType() throws IOException {
    Map<String, String> bigQuery =
        columns("bigquery/02_task_results.sql", "STRING|INT64|FLOAT64|TIMESTAMP");
    Map<String, Object> row = BigQueryResultsStore.toBigQuery(everyColumnSet());

    assertThat(row.keySet()).containsExactlyInAnyOrderElementsOf(bigQuery.keySet());
    bigQuery.forEach(
        (name, type) -> {
          Object value = row.get(name);
          switch (type) {
            case "INT64" -> assertThat(value).as(name).isInstanceOfAny(Long.class, Integer.class);
            case "FLOAT64" -> assertThat(value).as(name).isInstanceOf(Double.class);
            case "TIMESTAMP" ->
                assertThat((String) value).as(name).isEqualTo("2026-11-30 10:00:00.000000 UTC");
            default -> assertThat(value).as(name).isInstanceOf(String.class);
          }
        });
  }

  @Test
  void theRowsJsonNamesEveryColumn() throws IOException {
    Map<String, String> bigQuery =
        columns("bigquery/02_task_results.sql", "STRING|INT64|FLOAT64|TIMESTAMP");
    @SuppressWarnings("unchecked")
    Map<String, Object> json =
        JsonMapper.builder()
            .build()
            .readValue(
                JsonMapper.builder().build().writeValueAsString(everyColumnSet()), Map.class);
    assertThat(json.keySet()).containsExactlyInAnyOrderElementsOf(bigQuery.keySet());
  }
}
