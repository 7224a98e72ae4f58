package dev.ittybatch.taskhandler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.ittybit.CreateJobRequest;
import dev.ittybatch.common.ittybit.MediaKind;
import dev.ittybatch.common.task.TaskPayload;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The body sent for a task, by configuration: the bytes are what idempotency rests on. */
class JobRequestsTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static TaskHandlerProperties configured(boolean jobWebhookUrl, String webhookUrl, String output) {
    return new TaskHandlerProperties(
        webhookUrl,
        "tok",
        jobWebhookUrl,
        output,
        5,
        Duration.ofDays(7),
        Duration.ofHours(24),
        true,
        "ittybatch-task-handler@proj-1.iam.gserviceaccount.com");
  }

  static TaskPayload task(int generation) {
    return new TaskPayload(
        "lib",
        "0123456789abcdef0123456789abcdef",
        3,
        "https://cdn.example.com/a.mov",
        MediaKind.VIDEO,
        JSON.readTree("{\"format\":\"webm\"}"),
        generation,
        1_764_000_000L);
  }

  String bytes(CreateJobRequest request) {
    return JSON.writeValueAsString(request);
  }

  @Test
  void sendsOnlyTheDocumentedFieldsByDefault() {
    JobRequests requests = new JobRequests(configured(false, "https://w/webhook", null));

    assertThat(bytes(requests.of(task(0), "https://in")))
        .isEqualTo(
            "{\"input\":\"https://in\",\"kind\":\"video\",\"options\":{\"format\":\"webm\"},"
                + "\"metadata\":{\"batch_id\":\"lib\",\"entry_id\":\"0123456789abcdef0123456789abcdef\","
                + "\"source_key\":\"https://cdn.example.com/a.mov\"}}");
  }

  @Test
  void theOlderShapeIsTheBytesEarlierVersionsSent() {
    JobRequests requests = new JobRequests(configured(false, "https://w/webhook", null));

    assertThat(bytes(requests.otherShape(task(0), "https://in").orElseThrow()))
        .isEqualTo(
            "{\"input\":\"https://in\",\"kind\":\"video\",\"options\":{\"format\":\"webm\"},"
                + "\"webhook_url\":\"https://w/webhook?token=tok\",\"metadata\":{\"batch_id\":\"lib\","
                + "\"entry_id\":\"0123456789abcdef0123456789abcdef\","
                + "\"source_key\":\"https://cdn.example.com/a.mov\"}}");
    assertThat(new JobRequests(configured(false, null, null)).otherShape(task(0), "https://in"))
        .as("no webhook URL known: no other shape")
        .isEmpty();
  }

  @Test
  void carriesTheWebhookUrlWhenConfiguredAndTheOutputUnderItsPrefix() {
    JobRequests requests =
        new JobRequests(configured(true, "https://w/webhook", "s3://out-bucket/ittybatch"));

    CreateJobRequest request = requests.of(task(2), "https://in");
    assertThat(request.webhookUrl()).isEqualTo("https://w/webhook?token=tok");
    assertThat(request.output())
        .isEqualTo("s3://out-bucket/ittybatch/lib/0123456789abcdef0123456789abcdef-g2.webm");
    assertThat(requests.otherShape(task(2), "https://in").orElseThrow().webhookUrl()).isNull();
  }
}
