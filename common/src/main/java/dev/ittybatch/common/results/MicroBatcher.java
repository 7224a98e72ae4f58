package dev.ittybatch.common.results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Groups rows written by concurrent requests into one store write (up to {@code maxBatch} rows, or
 * whatever arrived within {@code linger} of the first), while each caller still waits for its own
 * rows' outcome. One writer thread does every write, which is also what an embedded database with a
 * single connection needs.
 */
public final class MicroBatcher implements ResultsStore, AutoCloseable {

  /** Writes a batch; returns, per row in order, null when stored or the reason it was not. */
  @FunctionalInterface
  public interface BatchWriter {
    List<String> write(List<ResultRow> rows);
  }

  private record Pending(ResultRow row, CompletableFuture<Void> done) {}

  private final BatchWriter writer;
  private final int maxBatch;
  private final long lingerNanos;
  private final Duration waitLimit;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param waitLimit how long a caller waits for its rows before giving up (the webhook must answer
   *     within Ittybit's 5 s)
   */
  public MicroBatcher(
      String name, BatchWriter writer, int maxBatch, Duration linger, Duration waitLimit) {
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.waitLimit = waitLimit;
    this.queue = new ArrayBlockingQueue<>(Math.max(maxBatch * 20, 1000));
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  @Override
  public void record(List<ResultRow> rows) {
    List<CompletableFuture<Void>> futures = new ArrayList<>(rows.size());
    long deadline = System.nanoTime() + waitLimit.toNanos();
    try {
      for (ResultRow row : rows) {
        Pending pending = new Pending(row, new CompletableFuture<>());
        if (!running || !queue.offer(pending, remaining(deadline), TimeUnit.NANOSECONDS)) {
          throw new ResultsStoreException("results store is overloaded or closing; try again");
        }
        futures.add(pending.done());
      }
      for (CompletableFuture<Void> future : futures) {
        future.get(remaining(deadline), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted while storing results", e);
    } catch (TimeoutException e) {
      throw new ResultsStoreException(
          "results not confirmed within " + waitLimit.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof ResultsStoreException store
          ? store
          : new ResultsStoreException(String.valueOf(cause.getMessage()), cause);
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long until = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
          long wait = until - System.nanoTime();
          Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        flush(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void flush(List<Pending> batch) {
    List<ResultRow> rows = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      rows.add(pending.row());
    }
    List<String> problems;
    try {
      problems = writer.write(rows);
    } catch (RuntimeException e) {
      ResultsStoreException failure =
          e instanceof ResultsStoreException store
              ? store
              : new ResultsStoreException("writing results failed: " + e.getMessage(), e);
      batch.forEach(pending -> pending.done().completeExceptionally(failure));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      String problem = problems == null || i >= problems.size() ? null : problems.get(i);
      if (problem == null) {
        batch.get(i).done().complete(null);
      } else {
        batch
            .get(i)
            .done()
            .completeExceptionally(
                new ResultsStoreException(
                    "row " + batch.get(i).row().eventId() + " was not stored: " + problem));
      }
    }
  }

  /** Stops taking rows, writes what is queued, then returns. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
