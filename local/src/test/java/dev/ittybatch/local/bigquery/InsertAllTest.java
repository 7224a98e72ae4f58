package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.iam.AccessPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tabledata.insertAll as BigQuery answers it, driven by the real client and row writer. */
class InsertAllTest {

  static final TableId RESULTS = TableId.of(StandIns.PROJECT, "ittybatch", "task_results");

  @TempDir Path dir;
  StandIns standIns;
  BigQuery bigQuery;
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    standIns = new StandIns(dir, AccessPolicy.allowAll(), settings -> settings.withClock(clock));
    bigQuery = standIns.bigQuery(StandIns.WEBHOOK);
    for (String file : List.of("bigquery/01_dataset.sql", "bigquery/02_task_results.sql")) {
      bigQuery.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
    }
  }

  @AfterEach
  void stop() {
    standIns.close();
  }

  long rows(String where) throws Exception {
    return bigQuery
        .query(
            QueryJobConfiguration.newBuilder(
                    "SELECT COUNT(*) FROM ittybatch.task_results WHERE " + where)
                .build())
        .getValues()
        .iterator()
        .next()
        .get(0)
        .getLongValue();
  }

  static Map<String, Object> row(String eventId) {
    Map<String, Object> row = new HashMap<>();
    row.put("event_id", eventId);
    row.put("status", "succeeded");
    row.put("received_at", "2026-12-01 10:00:00.000000 UTC");
    row.put("batch_id", "b");
    return row;
  }

  @Test
  void theProductionRowWriterStoresEveryColumnAndARedeliveryOnce() throws Exception {
    BigQueryResultsStore writer =
        new BigQueryResultsStore(
            bigQuery, RESULTS, 500, Duration.ofMillis(2), Duration.ofSeconds(10));
    ResultRow row = Fixture.outcome(1, 2, ResultStatus.SUCCEEDED, "video", 30, "evt_a");
    writer.record(List.of(row, row));
    writer.record(List.of(row));
    writer.close();
    Map<String, Object> stored =
        Rows.of(
                bigQuery.query(
                    QueryJobConfiguration.newBuilder("SELECT * FROM ittybatch.task_results")
                        .build()))
            .get(0);
    assertThat(rows("TRUE")).isEqualTo(1);
    assertThat(stored)
        .containsEntry("event_id", "evt_a")
        .containsEntry("status", "succeeded")
        .containsEntry("width", 1920L)
        .containsEntry("duration", 13.5)
        .containsEntry("duration_ms", 1000L)
        .containsEntry("generation", 2L)
        .containsEntry("received_at", Fixture.T0.plusSeconds(30))
        .containsEntry("created_at", Fixture.T0.plusSeconds(25))
        .containsEntry("source_key", "v/1.mov")
        .containsEntry("attempt", null);
  }

  @Test
  void anUnknownFieldOrAWrongTypeFailsItsRowAndStopsTheOthers() throws Exception {
    Map<String, Object> unknown = row("e-unknown");
    unknown.put("colour", "red");
    Map<String, Object> wrongType = row("e-type");
    wrongType.put("width", "wide");
    InsertAllResponse response =
        bigQuery.insertAll(
            InsertAllRequest.newBuilder(RESULTS)
                .addRow("1", row("e-good"))
                .addRow("2", unknown)
                .addRow("3", wrongType)
                .build());
    assertThat(response.getErrorsFor(0))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("stopped");
              assertThat(e.getMessage()).isEmpty();
            });
    assertThat(response.getErrorsFor(1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("invalid");
              assertThat(e.getLocation()).isEqualTo("colour");
              assertThat(e.getMessage()).isEqualTo("no such field: colour.");
            });
    assertThat(response.getErrorsFor(2))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("invalid");
              assertThat(e.getLocation()).isEqualTo("width");
            });
    assertThat(rows("TRUE")).isZero();
  }

  @Test
  void skipInvalidRowsWritesTheGoodOnesAndIgnoreUnknownValuesDropsUnknownFields() throws Exception {
    Map<String, Object> missing = row("e-missing");
    missing.remove("status");
    InsertAllResponse skipped =
        bigQuery.insertAll(
            InsertAllRequest.newBuilder(RESULTS)
                .setSkipInvalidRows(true)
                .addRow(row("e-good"))
                .addRow(missing)
                .build());
    assertThat(skipped.getErrorsFor(0)).isNull();
    assertThat(skipped.getErrorsFor(1))
        .extracting(BigQueryError::getReason)
        .containsExactly("invalid");
    assertThat(skipped.getErrorsFor(1).get(0).getMessage())
        .isEqualTo("Missing required field: status.");

    Map<String, Object> extra = row("e-extra");
    extra.put("colour", "red");
    InsertAllResponse ignored =
        bigQuery.insertAll(
            InsertAllRequest.newBuilder(RESULTS)
                .setIgnoreUnknownValues(true)
                .addRow(extra)
                .build());
    assertThat(ignored.hasErrors()).isFalse();
    assertThat(rows("event_id IN ('e-good', 'e-extra')")).isEqualTo(2);
    assertThat(rows("event_id = 'e-missing'")).isZero();
  }

  @Test
  void integersAreTakenAsNumbersOrStringsAndTimestampsInBigQuerysForms() throws Exception {
    Map<String, Object> numbers = row("e-1");
    numbers.put("width", 1920);
    numbers.put("height", "1080");
    numbers.put("created_at", "2026-12-01T09:00:00.5+01:00");
    numbers.put("completed_at", 1.7649e9);
    Map<String, Object> fractional = row("e-2");
    fractional.put("width", 19.5);
    Map<String, Object> zone = row("e-3");
    zone.put("created_at", "2026-12-01 10:00:00 Mars/Olympus");
    InsertAllResponse response =
        bigQuery.insertAll(
            InsertAllRequest.newBuilder(RESULTS)
                .setSkipInvalidRows(true)
                .addRow(numbers)
                .addRow(fractional)
                .addRow(zone)
                .build());
    assertThat(response.getErrorsFor(0)).isNull();
    assertThat(response.getErrorsFor(1).get(0).getMessage())
        .contains("Cannot convert value to integer");
    assertThat(response.getErrorsFor(2).get(0).getMessage())
        .isEqualTo("Unrecognized timezone: Mars/Olympus");
    Map<String, Object> stored =
        Rows.of(
                bigQuery.query(
                    QueryJobConfiguration.newBuilder(
                            "SELECT width, height, created_at, completed_at FROM ittybatch.task_results")
                        .build()))
            .get(0);
    assertThat(stored)
        .containsEntry("width", 1920L)
        .containsEntry("height", 1080L)
        .containsEntry("created_at", Instant.parse("2026-12-01T08:00:00.500Z"))
        .containsEntry("completed_at", Instant.ofEpochSecond(1_764_900_000L));
  }

  @Test
  void streamedRowsCannotBeDeletedOrUpdatedForHalfAnHour() throws Exception {
    bigQuery.insertAll(InsertAllRequest.newBuilder(RESULTS).addRow(row("e-1")).build());
    QueryJobConfiguration delete =
        QueryJobConfiguration.newBuilder(
                "DELETE FROM ittybatch.task_results WHERE event_id = 'e-1'")
            .build();
    assertThatThrownBy(() -> bigQuery.query(delete))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("would affect rows in the streaming buffer, which is not supported"));
    assertThatThrownBy(
            () ->
                bigQuery.query(
                    QueryJobConfiguration.newBuilder("DELETE FROM ittybatch.task_results").build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> assertThat(e.getMessage()).contains("must have a WHERE clause"));
    now.set(now.get().plusSeconds(30 * 60));
    bigQuery.query(delete);
    assertThat(rows("TRUE")).isZero();
  }

  @Test
  void aRequestOverTheLimitsIsRefusedWhole() throws Exception {
    standIns.close();
    standIns =
        new StandIns(
            dir, AccessPolicy.allowAll(), settings -> settings.withLimits(5_000, 3, 10L << 20));
    bigQuery = standIns.bigQuery(StandIns.WEBHOOK);
    for (String file : List.of("bigquery/01_dataset.sql", "bigquery/02_task_results.sql")) {
      bigQuery.query(QueryJobConfiguration.newBuilder(SqlScripts.read(file)).build());
    }
    InsertAllRequest.Builder four = InsertAllRequest.newBuilder(RESULTS);
    for (int i = 0; i < 4; i++) {
      four.addRow(row("e" + i));
    }
    assertThatThrownBy(() -> bigQuery.insertAll(four.build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("too many rows present in the request, limit: 3 row count: 4."));
    Map<String, Object> big = row("big");
    big.put("error_message", "x".repeat(6_000));
    assertThatThrownBy(
            () -> bigQuery.insertAll(InsertAllRequest.newBuilder(RESULTS).addRow(big).build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getReason()).isEqualTo("badRequest");
              assertThat(e.getMessage())
                  .isEqualTo("Request payload size exceeds the limit: 5000 bytes.");
            });
    assertThat(rows("TRUE")).isZero();
  }

  @Test
  void anInsertIdIsForgottenAfterTheWindow() throws Exception {
    bigQuery.insertAll(InsertAllRequest.newBuilder(RESULTS).addRow("same", row("e-1")).build());
    now.set(now.get().plusSeconds(59));
    bigQuery.insertAll(InsertAllRequest.newBuilder(RESULTS).addRow("same", row("e-1")).build());
    assertThat(rows("TRUE")).isEqualTo(1);
    now.set(now.get().plusSeconds(2));
    bigQuery.insertAll(InsertAllRequest.newBuilder(RESULTS).addRow("same", row("e-1")).build());
    assertThat(rows("TRUE")).isEqualTo(2);
  }

  @Test
  void aMissingTableOrAViewIsRefusedInBigQuerysErrorShape() throws Exception {
    assertThatThrownBy(
            () ->
                bigQuery.insertAll(
                    InsertAllRequest.newBuilder(TableId.of("ittybatch", "nope"))
                        .addRow(row("e"))
                        .build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(404);
              assertThat(e.getReason()).isEqualTo("notFound");
              assertThat(e.getMessage()).isEqualTo("Not found: Table local-project:ittybatch.nope");
            });
    bigQuery.query(
        QueryJobConfiguration.newBuilder(SqlScripts.read("queries/task_results_latest.sql"))
            .build());
    assertThatThrownBy(
            () ->
                bigQuery.insertAll(
                    InsertAllRequest.newBuilder(TableId.of("ittybatch", "task_results_latest"))
                        .addRow(row("e"))
                        .build()))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }
}
