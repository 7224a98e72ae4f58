package dev.ittybatch.common.ittybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class WebhookEventReaderTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final WebhookEventReader reader = new WebhookEventReader();

  private WebhookEvent read(String json) {
    return reader.read(JSON.readTree(json));
  }

  @Test
  void readsTheEventEnvelope() {
    WebhookEvent event =
        read(
            """
            {"id":"evt_123","object":"event","kind":"task.succeeded","created_at":1764331200000,
             "data":{"id":"task_9","job_id":"job_7","object":"task","kind":"video","status":"succeeded",
               "metadata":{"batch_id":"lib","entry_id":"0123456789abcdef0123456789abcdef",
                           "source_bucket":"media-lib","source_key":"videos/001.mov"},
               "output":{"url":"https://cdn.ittybit.com/o.mp4","width":1920,"height":1080,
                         "duration":12.5,"format":"mp4"},
               "created_at":1764331200000,"started_at":1764331201000,"finished_at":1764331260000}}
            """);
    assertThat(event.eventId()).isEqualTo("evt_123");
    assertThat(event.topic()).isEqualTo("task.succeeded");
    assertThat(event.jobId()).isEqualTo("job_7");
    assertThat(event.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(event.details().kind()).isEqualTo("video");
    assertThat(event.batchId()).isEqualTo("lib");
    assertThat(event.entryId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(event.details().sourceBucket()).isEqualTo("media-lib");
    assertThat(event.details().sourceKey()).isEqualTo("videos/001.mov");
    assertThat(event.details().outputUrl()).isEqualTo("https://cdn.ittybit.com/o.mp4");
    assertThat(event.details().width()).isEqualTo(1920);
    assertThat(event.details().height()).isEqualTo(1080);
    assertThat(event.details().duration()).isEqualTo(12.5);
    assertThat(event.details().format()).isEqualTo("mp4");
    assertThat(event.details().createdAt()).isEqualTo(Instant.ofEpochMilli(1764331200000L));
    assertThat(event.details().startedAt()).isEqualTo(Instant.ofEpochMilli(1764331201000L));
    assertThat(event.details().finishedAt()).isEqualTo(Instant.ofEpochMilli(1764331260000L));
    assertThat(event.terminal()).isTrue();
  }

  @Test
  void readsTheBareObjectWithOldStatusAndIsoTimes() {
    WebhookEvent event =
        read(
            """
            {"id":"task_1","status":"completed","kind":"image","input":"gs://media-lib/a.png",
             "output":"https://cdn.ittybit.com/a.webp",
             "created":"2025-03-01T10:00:00Z","completed":"2025-03-01T10:00:05.250Z"}
            """);
    assertThat(event.status()).as("completed is succeeded").isEqualTo(JobStatus.SUCCEEDED);
    assertThat(event.jobId()).as("a task's id is not a job's").isNull();
    assertThat(event.taskId()).isEqualTo("task_1");
    assertThat(event.eventId())
        .as("no event id: derived from job and status, so redeliveries match")
        .isEqualTo("derived-task_1-succeeded");
    assertThat(event.details().outputUrl()).isEqualTo("https://cdn.ittybit.com/a.webp");
    assertThat(event.details().sourceBucket()).isEqualTo("media-lib");
    assertThat(event.details().sourceKey()).isEqualTo("a.png");
    assertThat(event.details().createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    assertThat(event.details().finishedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:05.250Z"));
  }

  @Test
  void readsTypeAndDataWithSecondsAndFailure() {
    WebhookEvent event =
        read(
            """
            {"type":"job.failed","data":{"id":"job_3","status":"failed","kind":"audio",
              "error":{"kind":"invalid_input","message":"not an audio file"},
              "created_at":1764331200,"finished_at":1764331230}}
            """);
    assertThat(event.status()).isEqualTo(JobStatus.FAILED);
    assertThat(event.jobId()).isEqualTo("job_3");
    assertThat(event.details().errorKind()).isEqualTo("invalid_input");
    assertThat(event.details().errorMessage()).isEqualTo("not an audio file");
    assertThat(event.details().createdAt()).isEqualTo(Instant.ofEpochSecond(1764331200L));
    assertThat(event.details().finishedAt()).isEqualTo(Instant.ofEpochSecond(1764331230L));
    assertThat(event.eventId()).isEqualTo("derived-job_3-failed");
  }

  @Test
  void readsAJobWhoseOutputIsAUrlWithDetailsInItsTasks() {
    WebhookEvent event =
        read(
            """
            {"type":"job.succeeded","data":{"id":"job_4","status":"succeeded","kind":"video",
              "output":"https://cdn/x.mp4",
              "tasks":[{"kind":"probe","output":{"url":"https://cdn/in"}},
                       {"kind":"video","output":{"url":"https://cdn/x.mp4","width":640,"height":360,
                        "duration":"3.5","format":"mp4"}}]}}
            """);
    assertThat(event.details().width()).isEqualTo(640);
    assertThat(event.details().duration()).isEqualTo(3.5);
    assertThat(event.details().format()).isEqualTo("mp4");
  }

  @Test
  void readsAnOutputsArray() {
    WebhookEvent event =
        read(
            """
            {"id":"task_5","status":"succeeded","outputs":[{"url":"https://cdn/1.gif","width":320}]}
            """);
    assertThat(event.details().outputUrl()).isEqualTo("https://cdn/1.gif");
    assertThat(event.details().width()).isEqualTo(320);
  }

  @Test
  void nonTerminalTopicsAreReadAsNotTerminal() {
    assertThat(
            read("{\"kind\":\"task.created\",\"data\":{\"id\":\"t\",\"status\":\"queued\"}}")
                .terminal())
        .isFalse();
    assertThat(
            read("{\"kind\":\"task.updated\",\"data\":{\"id\":\"t\",\"status\":\"processing\"}}")
                .terminal())
        .isFalse();
  }

  @Test
  void anUpdatedTopicCarryingATerminalStatusIsTerminal() {
    assertThat(
            read("{\"kind\":\"task.updated\",\"data\":{\"id\":\"t\",\"status\":\"cancelled\"}}")
                .status())
        .isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void aTaskEventAsDocumentedTodayNamesTheEntryButNoJob() {
    WebhookEvent event =
        read(
            """
            {"id":"evt_1","object":"event","kind":"task.succeeded","created_at":1735689886,
             "data":{"id":"task_abc","object":"task","kind":"video","status":"succeeded",
               "metadata":{"batch_id":"lib","entry_id":"0123456789abcdef0123456789abcdef",
                           "generation":"2"},
               "outputs":[{"url":"https://cdn/o.mp4"}]}}
            """);
    assertThat(event.jobId()).isNull();
    assertThat(event.taskId()).isEqualTo("task_abc");
    assertThat(DeliverySubject.of(event))
        .isEqualTo(
            new DeliverySubject.Entry(
                new dev.ittybatch.common.identity.EntryIdentity(
                    new dev.ittybatch.common.identity.BatchId("lib"),
                    new dev.ittybatch.common.identity.EntryId("0123456789abcdef0123456789abcdef")),
                2));
  }

  @Test
  void aJobIdIsBelievedBeforeMetadataAndATaskNamesItsJob() {
    assertThat(
            DeliverySubject.of(
                read(
                    "{\"kind\":\"task.failed\",\"data\":{\"id\":\"task_1\",\"job_id\":\"job_9\","
                        + "\"status\":\"failed\",\"metadata\":{\"batch_id\":\"b\","
                        + "\"entry_id\":\"0123456789abcdef0123456789abcdef\"}}}")))
        .isEqualTo(new DeliverySubject.Job("job_9"));
    assertThat(
            DeliverySubject.of(
                read(
                    "{\"kind\":\"task.failed\",\"data\":{\"id\":\"task_1\","
                        + "\"job\":{\"id\":\"job_8\"},\"status\":\"failed\"}}")))
        .isEqualTo(new DeliverySubject.Job("job_8"));
    assertThat(
            DeliverySubject.of(
                read(
                    "{\"type\":\"job.succeeded\",\"data\":{\"id\":\"job_7\",\"status\":\"ready\"}}")))
        .isEqualTo(new DeliverySubject.Job("job_7"));
    assertThat(DeliverySubject.of(read("{\"id\":\"abc123\",\"status\":\"completed\"}")))
        .as("an id without a prefix, as older pages showed, is tried as a job")
        .isEqualTo(new DeliverySubject.Job("abc123"));
  }

  @Test
  void aTaskWithNothingElseCannotBePlaced() {
    DeliverySubject subject =
        DeliverySubject.of(
            read(
                "{\"id\":\"evt_2\",\"object\":\"event\",\"kind\":\"task.succeeded\","
                    + "\"data\":{\"id\":\"task_x\",\"object\":\"task\",\"status\":\"succeeded\"}}"));
    assertThat(subject).isInstanceOf(DeliverySubject.Unplaced.class);
    assertThat(((DeliverySubject.Unplaced) subject).reason()).contains("task_x");
    assertThat(
            DeliverySubject.of(
                read("{\"kind\":\"task.succeeded\",\"data\":{\"status\":\"succeeded\"}}")))
        .isInstanceOf(DeliverySubject.Unplaced.class);
  }

  @ParameterizedTest
  @CsvSource({
    "succeeded, SUCCEEDED",
    "completed, SUCCEEDED",
    "ready, SUCCEEDED",
    "failed, FAILED",
    "error, FAILED",
    "cancelled, CANCELLED",
    "canceled, CANCELLED",
    "queued, QUEUED",
    "pending, QUEUED",
    "waiting, QUEUED",
    "processing, PROCESSING",
    "transmogrifying, UNKNOWN"
  })
  void readsTheStatusWordsOfEveryGeneration(String word, JobStatus status) {
    WebhookEvent event = read("{\"id\":\"job_1\",\"status\":\"" + word + "\"}");
    assertThat(event.status()).isEqualTo(status);
    assertThat(event.terminal()).isEqualTo(status.terminal());
  }

  @Test
  void anUnknownWordOnAFetchedJobIsNotFinishedRatherThanAnError() {
    IttybitJob job = IttybitJob.read(JSON.readTree("{\"id\":\"job_2\",\"status\":\"archived\"}"));
    assertThat(job.status()).isEqualTo(JobStatus.UNKNOWN);
    assertThat(job.terminal()).isFalse();
    assertThat(job.id()).isEqualTo("job_2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[] | not a JSON object",
        "{\"hello\":1} | not an Ittybit event",
      })
  void unknownShapesAreRefusedWithAReason(String json, String reason) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(UnrecognizedEventException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1764331200000 | 2025-11-28T12:00:00Z",
        "1764331200 | 2025-11-28T12:00:00Z",
        "1764331200.5 | 2025-11-28T12:00:00.500Z",
        "\"1764331200\" | 2025-11-28T12:00:00Z",
        "\"2025-11-28T12:00:00Z\" | 2025-11-28T12:00:00Z",
        "\"2025-11-28T13:00:00+01:00\" | 2025-11-28T12:00:00Z",
        "\"2025-11-28T12:00:00\" | 2025-11-28T12:00:00Z",
      })
  void readsEveryTimestampForm(String json, String expected) {
    assertThat(Timestamps.parse(JSON.readTree(json))).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "\"yesterday\"",
    "-5",
    "true",
    "null",
    "1e300",
    // Outside BigQuery's TIMESTAMP range: a row carrying it could never be stored.
    "\"+300000-01-01T00:00:00Z\"",
    "\"-0001-01-01T00:00:00Z\""
  })
  void unreadableTimestampsAreEmpty(String json) {
    assertThat(Timestamps.parse(JSON.readTree(json))).isEmpty();
  }
}
