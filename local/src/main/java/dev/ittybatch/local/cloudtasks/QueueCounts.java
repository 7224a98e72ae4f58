package dev.ittybatch.local.cloudtasks;

import java.util.concurrent.atomic.AtomicLong;

/** What a queue has done so far, counted as it happens from every sender thread. */
final class QueueCounts {

  final AtomicLong created = new AtomicLong();
  final AtomicLong attempts = new AtomicLong();
  final AtomicLong succeeded = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong frontDoor = new AtomicLong();
  final AtomicLong deleted = new AtomicLong();
  final Timeline dispatches = new Timeline();

  /**
   * @param pending the tasks the queue holds now
   */
  QueueStats stats(long pending) {
    return new QueueStats(
        created.get(),
        attempts.get(),
        succeeded.get(),
        dropped.get(),
        frontDoor.get(),
        deleted.get(),
        pending,
        dispatches.peakInAnySecond(),
        dispatches.meanRate());
  }
}
