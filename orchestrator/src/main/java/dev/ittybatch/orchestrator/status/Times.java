package dev.ittybatch.orchestrator.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as a person reads them on the page: {@code 19:22:58} today, {@code Dec 5 19:22} before, in
 * UTC like the logs and BigQuery, with the full ISO-8601 time in the element's title and datetime.
 * A row's time in full ({@code 2026-12-05T19:22:58.696735Z}) wrapped over three lines of a table.
 */
final class Times {

  private static final DateTimeFormatter TODAY =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter EARLIER =
      DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Times() {}

  /** {@code <time>} with the short form shown and the full one in its title; empty for none. */
  static String html(Instant at, Instant now) {
    if (at == null) {
      return "";
    }
    String full = at.toString();
    return "<time datetime=\""
        + full
        + "\" title=\""
        + full
        + "\">"
        + Html.escape(brief(at, now))
        + "</time>";
  }

  static String brief(Instant at, Instant now) {
    boolean today =
        at.atZone(ZoneOffset.UTC).toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate());
    return (today ? TODAY : EARLIER).format(at);
  }

  /** A bar's label: what changes from bar to bar at this width. */
  static String label(Instant at, long widthSeconds) {
    String pattern = widthSeconds < 60 ? "HH:mm:ss" : widthSeconds < 86400 ? "HH:mm" : "MMM d";
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC).format(at);
  }

  /** {@code 1 second}, {@code 5 seconds}, {@code minute}, {@code 6 hours}: a bar's width. */
  static String width(long seconds) {
    if (seconds % 86400 == 0) {
      return plural(seconds / 86400, "day");
    }
    if (seconds % 3600 == 0) {
      return plural(seconds / 3600, "hour");
    }
    if (seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long n, String unit) {
    return n == 1 ? unit : n + " " + unit + "s";
  }
}
