package dev.ittybatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.common.testing.FakeCloud;
import dev.ittybatch.common.testing.LoopbackHttp;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a real port, as deployed: health, and a start refused or warned about by how
 * deliveries are authenticated. (Rows and fetches: {@code ProductionConfigurationTest}.)
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = WebhookHandlerApplication.CONFIG)
@ExtendWith(OutputCaptureExtension.class)
class WebhookHandlerApplicationTests {

  static final WireMockServer CLOUD = FakeCloud.start();

  @AfterAll
  static void stop() {
    CLOUD.stop();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    FakeCloud.register(registry, CLOUD);
    registry.add("WEBHOOK_SECRET", () -> "local-webhook-secret");
  }

  @LocalServerPort int port;

  /** The deployment's variables but the ones a test sets, for an application it starts itself. */
  static Map<String, Object> deployment(Map<String, Object> more) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("server.port", "0");
    properties.put("GCP_PROJECT", FakeCloud.PROJECT);
    properties.put("BIGQUERY_EMULATOR_HOST", "http://127.0.0.1:" + CLOUD.port());
    properties.put("EMULATOR_IDENTITY", FakeCloud.IDENTITY);
    properties.put("ITTYBIT_API_KEY", "k");
    properties.putAll(more);
    return properties;
  }

  @Test
  void reportsHealthy() {
    String body =
        LoopbackHttp.client()
            .get()
            .uri("http://127.0.0.1:" + port + "/actuator/health")
            .retrieve()
            .body(String.class);
    assertThat(body).contains("\"status\":\"UP\"");
  }

  @Test
  void refusesToStartWithoutAnyVerification(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(WebhookHandlerApplication.class)
                    .properties(WebhookHandlerApplication.CONFIG)
                    .properties(deployment(Map.of()))
                    .run())
        .isInstanceOf(RuntimeException.class);
    assertThat(output).contains("set WEBHOOK_SECRET (HMAC signature) and/or WEBHOOK_TOKEN");
  }

  @Test
  void warnsWhenStartedUnsignedOnPurpose(CapturedOutput output) {
    try (var context =
        new SpringApplicationBuilder(WebhookHandlerApplication.class)
            .properties(WebhookHandlerApplication.CONFIG)
            .properties(deployment(Map.of("WEBHOOK_ALLOW_UNSIGNED", "true")))
            .run()) {
      assertThat(context.isRunning()).isTrue();
    }
    assertThat(output).contains("webhook deliveries are NOT authenticated");
  }
}
