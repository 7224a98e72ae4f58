package dev.ittybatch.common.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultRowTest {

  private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
  private static final EntryIdentity ID =
      new EntryIdentity(new BatchId("lib"), new EntryId("0123456789abcdef0123456789abcdef"));

  @Test
  void serialisesWithTheTableColumnNamesAndLowercaseStatus() {
    ResultRow row =
        ResultRow.fromDispatch(
            new DispatchAttempt(ID, 0, 3, "video", "gs://media-lib/videos/001.mov"),
            new DispatchOutcome(ResultStatus.REJECTED, null, "object_not_found", "no such object"),
            Instant.parse("2026-01-01T00:00:00Z"));
    JsonNode json = JSON.valueToTree(row);
    assertThat(json.get("status").stringValue()).isEqualTo("rejected");
    assertThat(json.get("source_bucket").stringValue()).isEqualTo("media-lib");
    assertThat(json.get("source_key").stringValue()).isEqualTo("videos/001.mov");
    assertThat(json.get("event_id").stringValue()).isEqualTo("rejected-" + ID.taskId());
    assertThat(json.get("received_at").stringValue()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(JSON.treeToValue(json, ResultRow.class)).isEqualTo(row);
  }

  @Test
  void writesItsJsonWithTheColumnListsNamesInTableOrder() {
    ResultRow row =
        ResultRow.fromDispatch(
            new DispatchAttempt(ID, 2, 1, "video", "gs://media-lib/a.mov"),
            DispatchOutcome.dispatched("job_1"),
            Instant.parse("2026-01-01T00:00:00.123456Z"));
    JsonNode json = JSON.valueToTree(row);
    assertThat(json.propertyNames())
        .containsExactlyElementsOf(
            ResultColumns.ALL.stream().map(ResultColumns.Column::name).toList());
    assertThat(json.get("job_id").stringValue()).isEqualTo("job_1");
    assertThat(json.get("generation").longValue()).isEqualTo(2);
    assertThat(json.get("created_at").stringValue()).isEqualTo("2026-01-01T00:00:00.123456Z");
    assertThat(JSON.treeToValue(json, ResultRow.class)).isEqualTo(row);
  }

  @Test
  void dispatchedRowsAreKeyedOnTheJobSoARepeatWritesTheSameId() {
    Instant now = Instant.now();
    ResultRow first =
        ResultRow.fromDispatch(
            new DispatchAttempt(ID, 0, 1, "video", "https://x/a.mov"),
            new DispatchOutcome(ResultStatus.DISPATCHED, "job_1", null, null),
            now);
    ResultRow again =
        ResultRow.fromDispatch(
            new DispatchAttempt(ID, 0, 2, "video", "https://x/a.mov"),
            new DispatchOutcome(ResultStatus.DISPATCHED, "job_1", null, null),
            now);
    assertThat(first.eventId()).isEqualTo(again.eventId()).endsWith("-job_1");
    assertThat(first.sourceBucket()).isNull();
    assertThat(first.sourceKey()).isEqualTo("https://x/a.mov");
    assertThat(first.completedAt()).as("dispatched is not an outcome").isNull();
  }
}
