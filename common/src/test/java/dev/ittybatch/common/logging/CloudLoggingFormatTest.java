package dev.ittybatch.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CloudLoggingFormatTest {

  static String format(Level level, Throwable error) {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("dev.ittybatch.Test"),
            level,
            "dispatched {}",
            error,
            new Object[] {"job_1"});
    event.setMDCPropertyMap(Map.of("batch_id", "lib", "entry_id", "abc"));
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("rate_per_s", 42));
    ThrowableProxyConverter converter = new ThrowableProxyConverter();
    converter.setContext(context);
    converter.start();
    return new CloudLoggingFormat(converter).format(event);
  }

  @Test
  void writesOneJsonObjectWithSeverityMessageAndTheEntrysIds() {
    String line = format(Level.WARN, null);
    assertThat(line).doesNotContain("\n".repeat(2)).endsWith("\n");
    JsonNode json = JsonMapper.builder().build().readTree(line);
    assertThat(json.get("severity").stringValue()).isEqualTo("WARNING");
    assertThat(json.get("message").stringValue()).isEqualTo("dispatched job_1");
    assertThat(json.get("batch_id").stringValue()).isEqualTo("lib");
    assertThat(json.get("entry_id").stringValue()).isEqualTo("abc");
    assertThat(json.get("rate_per_s").asInt()).isEqualTo(42);
    assertThat(json.has("time")).isTrue();
    assertThat(json.has("stack_trace")).isFalse();
  }

  @Test
  void includesTheStackTraceOfAnError() {
    JsonNode json =
        JsonMapper.builder()
            .build()
            .readTree(format(Level.ERROR, new IllegalStateException("boom")));
    assertThat(json.get("severity").stringValue()).isEqualTo("ERROR");
    assertThat(json.get("stack_trace").stringValue()).contains("IllegalStateException: boom");
  }
}
