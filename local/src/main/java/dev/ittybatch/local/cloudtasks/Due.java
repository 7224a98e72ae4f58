package dev.ittybatch.local.cloudtasks;

import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * An attempt of a task, due at {@code atNanos} ({@link System#nanoTime}).
 *
 * @param number the attempt's number, from 1
 * @param executions the attempts so far that got a response from the handler (Cloud Tasks'
 *     execution count)
 */
record Due(String taskName, int number, long atNanos, int executions) implements Delayed {

  Due(String taskName, int number, long atNanos) {
    this(taskName, number, atNanos, 0);
  }

  @Override
  public long getDelay(TimeUnit unit) {
    return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  @Override
  public int compareTo(Delayed other) {
    return Long.compare(atNanos, ((Due) other).atNanos);
  }
}
