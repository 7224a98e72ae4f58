package dev.ittybatch.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's quick mode: it must run, deliver every event and store every row. No timing is
 * asserted; {@code bench/webhook.sh} is where the figures come from.
 */
class WebhookBenchmarkSmokeTest {

  @Test
  void deliversEveryEventAndStoresEveryRow() throws Exception {
    try (StubCloud cloud = new StubCloud(5)) {
      WebhookBenchmark.Result result = WebhookBenchmark.run("smoke", 500, 300, 8, cloud, false);
      assertThat(result.failed()).isZero();
      assertThat(result.stored()).isEqualTo(300);
      assertThat(result.ok()).isTrue();
    }
  }
}
