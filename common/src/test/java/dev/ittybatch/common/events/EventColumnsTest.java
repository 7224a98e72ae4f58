package dev.ittybatch.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code batch_events} is written down in its DDL file and one column list: they must agree. */
class EventColumnsTest {

  static final Path SQL = Path.of("..", "sql");

  static Map<String, String> columns(String file, String types) throws IOException {
    String ddl = Files.readString(SQL.resolve(file));
    int start = ddl.indexOf("CREATE TABLE IF NOT EXISTS ittybatch.batch_events (");
    assertThat(start).as(file + " creates batch_events").isNotNegative();
    String table = ddl.substring(ddl.indexOf('(', start) + 1, ddl.indexOf("\n)", start));
    Matcher column = Pattern.compile("(?m)^\\s*([a-z_]+)\\s+(" + types + ")\\b").matcher(table);
    Map<String, String> found = new LinkedHashMap<>();
    while (column.find()) {
      found.put(column.group(1), column.group(2));
    }
    return found;
  }

  @Test
  void theDdlAndTheColumnListAgree() throws IOException {
    Map<String, String> bigQuery =
        columns("bigquery/04_batch_events.sql", "STRING|INT64|FLOAT64|TIMESTAMP");
    Map<String, String> listed = new LinkedHashMap<>();
    EventColumns.ALL.forEach(column -> listed.put(column.name(), column.type().name()));

    assertThat(listed).containsExactlyEntriesOf(bigQuery);
  }

  @Test
  void theBigQueryConverterWritesEveryColumnInItsType() {
    BatchEvent event =
        BatchEvent.of(
            BatchEvent.Kind.BREAKER_TRIPPED,
            "lib",
            "400 request_invalid on 10 entries",
            "400 request_invalid",
            "task-handler",
            Instant.parse("2026-11-30T10:00:00Z"),
            "400 request_invalid");

    Map<String, Object> row = BigQueryEventLog.toBigQuery(event);

    assertThat(row.keySet())
        .containsExactlyInAnyOrderElementsOf(EventColumns.ALL.stream().map(c -> c.name()).toList());
    assertThat(row).containsEntry("occurred_at", "2026-11-30 10:00:00.000000 UTC");
    assertThat(row).containsEntry("kind", "breaker_tripped");
  }

  @Test
  void theSameHappeningHasTheSameIdAndSecretsAreScrubbed() {
    Instant now = Instant.now();
    BatchEvent once =
        BatchEvent.of(
            BatchEvent.Kind.WEBHOOK_UNPLACED,
            null,
            "task task_1 at https://h/webhook?token=abc",
            "evt_1",
            "webhook",
            now,
            "evt_1");
    BatchEvent again =
        BatchEvent.of(
            BatchEvent.Kind.WEBHOOK_UNPLACED, null, "again", "evt_1", "webhook", now, "evt_1");

    assertThat(again.eventId()).isEqualTo(once.eventId()).startsWith("webhook_unplaced-");
    assertThat(once.reason()).doesNotContain("abc").contains("token=REDACTED");
  }
}
