package dev.ittybatch.common.time;

import java.time.Duration;

/** Durations as a person reads them, the same on the status page and in a notice. */
public final class Durations {

  private Durations() {}

  /** {@code 45 s}, {@code 12 min 3 s}, {@code 1 h 5 min}, {@code 2 d 3 h}; never negative. */
  public static String brief(Duration duration) {
    long s = Math.max(0, duration.getSeconds());
    if (s >= 86400) {
      return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }
    if (s >= 3600) {
      return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
    return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }
}
