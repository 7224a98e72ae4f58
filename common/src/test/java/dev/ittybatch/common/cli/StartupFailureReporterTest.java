package dev.ittybatch.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.constraints.NotBlank;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/** A start-up that fails on configuration: one line a variable, no failure analysis, no trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReporterTest {

  @ConfigurationProperties("demo")
  @Validated
  public record DemoProperties(
      @NotBlank(message = "set DEMO_KEY to the demo key") String key,
      @NotBlank(message = "set DEMO_URL to the demo URL") String url) {}

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(DemoProperties.class)
  public static class Demo {}

  @Test
  void aMissingVariableIsOneLineNamingItAndNoReport(CapturedOutput output) {
    SpringApplication application = new SpringApplication(Demo.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setDefaultProperties(java.util.Map.of("spring.application.name", "demo"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> application.run())
        .isInstanceOf(RuntimeException.class);

    assertThat(output.getErr())
        .contains("demo: set DEMO_KEY to the demo key\n")
        .contains("demo: set DEMO_URL to the demo URL\n");
    assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START", "\tat ");
  }

  @Test
  void aStartUpCheckNamingAVariableIsOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StartupFailureReporter reporter =
        new StartupFailureReporter("svc", new PrintStream(err, true, StandardCharsets.UTF_8));

    boolean reported =
        reporter.reportException(
            new RuntimeException(
                "Error creating bean",
                new IllegalStateException("set LEDGER_LOCATION (gs://bucket/folder/) for it")));

    assertThat(reported).isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("svc: set LEDGER_LOCATION (gs://bucket/folder/) for it\n");
  }

  @Test
  void anyOtherFailureIsLeftToSpringsReport() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StartupFailureReporter reporter =
        new StartupFailureReporter("svc", new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(reporter.reportException(new IllegalStateException("port 8080 is in use")))
        .isFalse();
    assertThat(reporter.reportException(new IllegalStateException("set up the thing"))).isFalse();
    assertThat(err.size()).isZero();
  }
}
