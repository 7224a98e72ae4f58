package dev.ittybatch.taskhandler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.taskhandler.dispatch.TaskHandlerProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookUrlTest {

  static TaskHandlerProperties with(String url, String token) {
    return new TaskHandlerProperties(
        url,
        token,
        true,
        null,
        5,
        Duration.ofDays(7),
        Duration.ofHours(24),
        true,
        "ittybatch-task-handler@proj-1.iam.gserviceaccount.com");
  }

  @Test
  void neverPrintsItsTokens() {
    String printed = with("https://w.run.app/webhook", "sekrit-token").toString();
    assertThat(printed)
        .doesNotContain("sekrit-token")
        .doesNotContain("\"t\"")
        .contains("<redacted>");
  }

  @Test
  void appendsTheTokenSoItNeedNotSitInPlainConfiguration() {
    assertThat(with("https://w.run.app/webhook", "a b+c").webhookUrlForJobs())
        .isEqualTo("https://w.run.app/webhook?token=a+b%2Bc");
    assertThat(with("https://w.run.app/webhook?x=1", "t").webhookUrlForJobs())
        .isEqualTo("https://w.run.app/webhook?x=1&token=t");
    assertThat(with("https://w.run.app/webhook", null).webhookUrlForJobs())
        .isEqualTo("https://w.run.app/webhook");
  }
}
