package dev.ittybatch.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;

/**
 * One JSON object per line with the fields Cloud Logging reads ({@code severity}, {@code message},
 * {@code time}), plus the MDC (batch id, entry id, task name) so one file's journey can be followed
 * across the three services. Messages pass through {@link Redaction}, so a URL echoed in an error
 * leaves no signature or token in the logs. Selected with {@code logging.structured.format.console}
 * set to this class's name.
 */
public class CloudLoggingFormat extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

  public CloudLoggingFormat(ThrowableProxyConverter throwableProxyConverter) {
    super(
        members -> {
          members.add("time", event -> Instant.ofEpochMilli(event.getTimeStamp()).toString());
          members.add("severity", event -> severity(event.getLevel()));
          members.add("message", event -> Redaction.scrub(event.getFormattedMessage()));
          members.add("logger", ILoggingEvent::getLoggerName);
          members.add("thread", ILoggingEvent::getThreadName);
          members.from(ILoggingEvent::getMDCPropertyMap).whenNotEmpty().usingPairs(Map::forEach);
          members
              .from(ILoggingEvent::getKeyValuePairs)
              .whenNotEmpty()
              .usingExtractedPairs(
                  Iterable::forEach, (KeyValuePair pair) -> pair.key, pair -> pair.value);
          members
              .add("stack_trace", (ILoggingEvent event) -> event)
              .whenNotNull(ILoggingEvent::getThrowableProxy)
              .as(throwableProxyConverter::convert);
        },
        null);
  }

  static String severity(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "ERROR";
      case Level.WARN_INT -> "WARNING";
      case Level.INFO_INT -> "INFO";
      default -> "DEBUG";
    };
  }
}
