package dev.ittybatch.common.ittybit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Ittybit's timestamps come as Unix milliseconds (API reference), Unix seconds (webhook pages) or
 * ISO-8601 strings (older pages). Numbers of 1e12 and more are milliseconds: as seconds they would
 * be after the year 33,000, and as milliseconds anything smaller is before 2001.
 */
public final class Timestamps {

  private static final BigDecimal MILLIS_THRESHOLD = new BigDecimal("1e12");
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  /** BigQuery's TIMESTAMP range; a time outside it is a mistake, and would fail the row's write. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(LATEST.toEpochMilli());

  private Timestamps() {}

  /** Reads any of the three forms; empty for null, missing or unreadable values. */
  public static Optional<Instant> parse(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    if (node.isNumber()) {
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        return Optional.empty();
      }
      return fromNumber(node.decimalValue());
    }
    if (node.isString()) {
      return parse(node.stringValue());
    }
    return Optional.empty();
  }

  /** Reads a numeric string as a number, anything else as ISO-8601. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    if (trimmed.matches("-?\\d+(\\.\\d+)?")) {
      return fromNumber(new BigDecimal(trimmed));
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        // Some older examples omit the zone; Ittybit's servers speak UTC.
        instant = LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        return Optional.empty();
      }
    }
    return instant.isBefore(EARLIEST) || instant.isAfter(LATEST)
        ? Optional.empty()
        : Optional.of(instant);
  }

  private static Optional<Instant> fromNumber(BigDecimal value) {
    if (value.signum() < 0) {
      return Optional.empty();
    }
    BigDecimal millis = value.compareTo(MILLIS_THRESHOLD) >= 0 ? value : value.multiply(THOUSAND);
    if (millis.compareTo(MAX_MILLIS) > 0) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(millis.longValue()));
  }
}
