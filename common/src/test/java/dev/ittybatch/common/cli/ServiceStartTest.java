package dev.ittybatch.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A service's jar: --help and usage errors before anything starts; a failed start exits 1. */
class ServiceStartTest {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int start(String... args) {
    SpringApplicationBuilder demo =
        new SpringApplicationBuilder(StartupFailureReporterTest.Demo.class)
            .web(WebApplicationType.NONE)
            .properties(Map.of("spring.application.name", "demo"));
    return ServiceStart.start(
        UsageTest.USAGE,
        args,
        demo,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndStartsNothing() {
    assertThat(start("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(UsageTest.USAGE.render());
    assertThat(err.size()).isZero();
  }

  @Test
  void anyArgumentIsAUsageErrorOfOneLineThenTheUsage() {
    assertThat(start("--server.port=9")).isEqualTo(ServiceStart.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "tool: unexpected argument --server.port=9: the service is configured by the"
                + " environment variables below\n"
                + UsageTest.USAGE.render());
    assertThat(out.size()).isZero();
  }

  @Test
  void aStartThatFailsExitsOne() {
    assertThat(start()).isEqualTo(ServiceStart.FAILED_TO_START);
  }
}
