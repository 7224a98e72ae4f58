package dev.ittybatch.local.bigquery;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * JSON values (of insertAll rows, load files and query parameters) as column values: Long for
 * INTEGER, Double, Boolean, String, BigDecimal, byte[], LocalDate, LocalTime, and TIMESTAMP as
 * microseconds since the epoch (UTC). insertAll takes numbers and strings for numeric columns
 * (Java's Long serializes as a JSON number: reference section 4). The wording of bad-value messages
 * follows what BigQuery was seen to say where known (load jobs: "Could not parse '...' as a
 * timestamp"; insertAll: "Unrecognized timezone: X", fluent-plugin-bigquery#38); the rest is
 * unconfirmed.
 */
final class Values {

  /** A value a column cannot hold. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  // GoogleSQL's canonical timestamp: date, optional time, optional zone
  // (lexical.md#timestamp_literals).
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})"
              + "(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?"
              + "\\s*(Z|z|UTC|[+-]\\d{1,2}(?::?\\d{2})?|[A-Za-z][A-Za-z_]*(?:/[A-Za-z0-9_+-]+)+)?");

  private static final long MIN_MICROS =
      LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
  private static final long MAX_MICROS =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L
          + 999_999;

  private Values() {}

  static Object convert(String type, JsonNode value) throws Invalid {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isContainer()) {
      throw new Invalid("This field is not a record and cannot hold an object or an array.");
    }
    String text = value.isString() ? value.asString() : value.toString();
    return switch (type) {
      case "STRING" -> text;
      case "INTEGER" -> integer(value, text);
      case "FLOAT" -> floating(value, text);
      case "BOOLEAN" -> bool(value, text);
      case "TIMESTAMP" -> value.isNumber() ? epochSeconds(value.decimalValue()) : timestamp(text);
      case "DATE" -> date(text);
      case "TIME" -> time(text);
      case "NUMERIC" -> numeric(text);
      case "BYTES" -> bytes(text);
      default -> throw new Invalid("Type " + type + " is not supported by the stand-in");
    };
  }

  private static Long integer(JsonNode value, String text) throws Invalid {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isString()) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        // fall through to the refusal
      }
    }
    throw new Invalid("Cannot convert value to integer (bad value): " + text);
  }

  private static Double floating(JsonNode value, String text) throws Invalid {
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isString()) {
      String s = text.strip();
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "Infinity", "inf", "+inf":
          return Double.POSITIVE_INFINITY;
        case "-Infinity", "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            if (s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
              return Double.parseDouble(s);
            }
          } catch (NumberFormatException e) {
            // fall through to the refusal
          }
      }
    }
    throw new Invalid("Cannot convert value to floating point (bad value): " + text);
  }

  private static Boolean bool(JsonNode value, String text) throws Invalid {
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isString() && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
    }
    throw new Invalid("Cannot convert value to boolean: " + text);
  }

  /** A TIMESTAMP as microseconds since the epoch. */
  static long timestamp(String text) throws Invalid {
    Matcher m = TIMESTAMP.matcher(text.strip());
    if (!m.matches()) {
      throw new Invalid(
          "Could not parse '"
              + text
              + "' as a timestamp. Required format is YYYY-MM-DD HH:MM[:SS[.SSSSSS]] or"
              + " YYYY/MM/DD HH:MM[:SS[.SSSSSS]]");
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    if (fraction.length() > 6) {
      throw new Invalid("Timestamp '" + text + "' has more than microsecond precision");
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
              m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
              fraction.isEmpty()
                  ? 0
                  : Integer.parseInt((fraction + "000000").substring(0, 6)) * 1000);
      ZoneId zone = zone(m.group(8));
      long micros =
          ChronoUnit.MICROS.between(java.time.Instant.EPOCH, local.atZone(zone).toInstant());
      return inRange(micros, text);
    } catch (DateTimeException e) {
      throw new Invalid("Invalid timestamp: '" + text + "'");
    }
  }

  private static ZoneId zone(String zone) throws Invalid {
    if (zone == null || zone.equals("Z") || zone.equals("z") || zone.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    try {
      if (zone.startsWith("+") || zone.startsWith("-")) {
        String digits = zone.substring(1).replace(":", "");
        int hours =
            Integer.parseInt(
                digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
        int minutes =
            digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
        int sign = zone.startsWith("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      }
      return ZoneId.of(zone);
    } catch (DateTimeException | NumberFormatException e) {
      throw new Invalid("Unrecognized timezone: " + zone);
    }
  }

  private static long epochSeconds(BigDecimal seconds) throws Invalid {
    long micros;
    try {
      micros =
          seconds.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException e) {
      throw new Invalid("Timestamp value is out of range: " + seconds);
    }
    return inRange(micros, seconds.toPlainString());
  }

  private static long inRange(long micros, String text) throws Invalid {
    // TIMESTAMP runs from 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999 UTC (data-types.md).
    if (micros < MIN_MICROS || micros > MAX_MICROS) {
      throw new Invalid("Timestamp value is out of range: " + text);
    }
    return micros;
  }

  private static LocalDate date(String text) throws Invalid {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeException e) {
      throw new Invalid("Could not parse '" + text + "' as a date. Required format is YYYY-MM-DD");
    }
  }

  private static LocalTime time(String text) throws Invalid {
    try {
      return LocalTime.parse(text.strip());
    } catch (DateTimeException e) {
      throw new Invalid("Could not parse '" + text + "' as a time. Required format is HH:MM:SS");
    }
  }

  private static BigDecimal numeric(String text) throws Invalid {
    try {
      BigDecimal value = new BigDecimal(text.strip());
      // NUMERIC: 38 digits of precision, 9 of them after the point (data-types.md#decimal_types).
      if (value.scale() > 9 || value.precision() - value.scale() > 29) {
        throw new Invalid("Invalid NUMERIC value: " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Invalid("Invalid NUMERIC value: " + text);
    }
  }

  private static byte[] bytes(String text) throws Invalid {
    try {
      return Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new Invalid("Could not decode base64 string to bytes.");
    }
  }
}
