package dev.ittybatch.local.cloudtasks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task names in use, and the tombstones of finished ones. Cloud Tasks refuses a name while its task
 * exists and for about an hour after it ends (deleted, succeeded or out of attempts), then lets it
 * be created again: named tasks only de-duplicate re-runs inside that window.
 */
final class TaskNames {

  private static final long ACTIVE = Long.MAX_VALUE;

  private final long tombstoneNanos;
  private final Map<String, Long> takenUntil = new ConcurrentHashMap<>();

  /**
   * @param tombstone how long a finished task's name stays taken, already divided by the time scale
   */
  TaskNames(Duration tombstone) {
    this.tombstoneNanos = tombstone.toNanos();
  }

  /** Takes the name for a new task; false when it is in use or still a tombstone. */
  boolean reserve(String name) {
    long now = System.nanoTime();
    boolean[] taken = {false};
    takenUntil.compute(
        name,
        (key, until) -> {
          if (until != null && (until == ACTIVE || now < until)) {
            taken[0] = true;
            return until;
          }
          return ACTIVE;
        });
    return !taken[0];
  }

  /**
   * How long until every name taken now is free again, or null while a task still holds its name: a
   * name in use has no end yet.
   */
  Duration untilAllFree() {
    long now = System.nanoTime();
    long last = now;
    for (long until : takenUntil.values()) {
      if (until == ACTIVE) {
        return null;
      }
      last = Math.max(last, until);
    }
    return Duration.ofNanos(last - now);
  }

  /** The task ended: its name stays taken for the tombstone time. */
  void finished(String name) {
    takenUntil.put(name, System.nanoTime() + tombstoneNanos);
  }
}
