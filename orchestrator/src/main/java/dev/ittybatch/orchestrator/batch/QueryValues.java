package dev.ittybatch.orchestrator.batch;

import java.time.Instant;

/**
 * Values as a query row carries them, whichever store answered: BigQuery's client gives numbers and
 * instants, a row that came over HTTP gives numbers and ISO-8601 text.
 */
public final class QueryValues {

  private QueryValues() {}

  /** A count: 0 for none. */
  public static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  /** A time; null for none. */
  public static Instant instant(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof String text && !text.isBlank()) {
      return Instant.parse(text);
    }
    return null;
  }
}
