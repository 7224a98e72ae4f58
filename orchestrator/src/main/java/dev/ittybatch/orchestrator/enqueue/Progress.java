package dev.ittybatch.orchestrator.enqueue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counters for one run, safe to update from gRPC callback threads. */
final class Progress {

  private final long startNanos = System.nanoTime();
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong invalid = new AtomicLong();
  private final AtomicLong otherShards = new AtomicLong();
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong alreadyEnqueued = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  public void read() {
    read.incrementAndGet();
  }

  public void invalid() {
    invalid.incrementAndGet();
  }

  public void otherShard() {
    otherShards.incrementAndGet();
  }

  /** An entry this run leaves alone: it has an outcome already, or is not chosen for re-drive. */
  public void skipped() {
    skipped.incrementAndGet();
  }

  void enqueued() {
    enqueued.incrementAndGet();
  }

  void alreadyEnqueued() {
    alreadyEnqueued.incrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  void retried() {
    retries.incrementAndGet();
  }

  public Snapshot snapshot() {
    return new Snapshot(
        read.get(),
        invalid.get(),
        otherShards.get(),
        enqueued.get(),
        alreadyEnqueued.get(),
        failed.get(),
        retries.get(),
        skipped.get(),
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** One consistent-enough reading of the counters. */
  public record Snapshot(
      long read,
      long invalid,
      long otherShards,
      long enqueued,
      long alreadyEnqueued,
      long failed,
      long retries,
      long skipped,
      Duration elapsed) {

    /** Entries settled (created or found already there) per second since the start. */
    public double ratePerSecond() {
      double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
      return (enqueued + alreadyEnqueued) / seconds;
    }

    public String describe() {
      return String.format(
          "read %d, enqueued %d, already enqueued %d, skipped %d, failed %d, invalid %d, other"
              + " shards %d, retries %d, %.0f/s, %.1f s",
          read,
          enqueued,
          alreadyEnqueued,
          skipped,
          failed,
          invalid,
          otherShards,
          retries,
          ratePerSecond(),
          elapsed.toMillis() / 1000.0);
    }
  }
}
