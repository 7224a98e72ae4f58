package dev.ittybatch.common.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What happens to rows around a shutdown: Cloud Run sends SIGTERM, and Spring closes the store. */
class MicroBatcherTest {

  static ResultRow row(int i) {
    return ResultRow.fromDispatch(
        new DispatchAttempt(
            new EntryIdentity(new BatchId("b"), new EntryId(String.format("%032x", i))),
            0,
            1,
            "video",
            "https://m/" + i),
        new DispatchOutcome(ResultStatus.DISPATCHED, "job_" + i, null, null),
        Instant.parse("2026-11-30T10:00:00Z"));
  }

  @Test
  void closeWritesEveryRowStillQueued() throws Exception {
    List<String> written = new CopyOnWriteArrayList<>();
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MicroBatcher batcher =
        new MicroBatcher(
            "test-writer",
            rows -> {
              firstWriteStarted.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              rows.forEach(r -> written.add(r.eventId()));
              return null;
            },
            10,
            Duration.ZERO,
            Duration.ofSeconds(5));
    ExecutorService callers = Executors.newFixedThreadPool(26);
    List<Future<?>> calls = new ArrayList<>();
    calls.add(callers.submit(() -> batcher.record(row(0))));
    assertThat(firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();
    // These queue up behind the write in progress, as requests in flight do when SIGTERM comes.
    for (int i = 1; i <= 25; i++) {
      ResultRow row = row(i);
      calls.add(callers.submit(() -> batcher.record(row)));
    }
    Thread.sleep(100);
    Thread closer =
        new Thread(
            () -> {
              try {
                batcher.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    closer.start();
    Thread.sleep(100);
    release.countDown();
    closer.join(10_000);

    assertThat(closer.isAlive()).isFalse();
    for (Future<?> call : calls) {
      call.get(5, TimeUnit.SECONDS); // every caller was told its row is stored
    }
    callers.shutdown();
    assertThat(written).hasSize(26).doesNotHaveDuplicates();
  }

  @Test
  void aRowOfferedAfterCloseIsRefusedNotDropped() throws Exception {
    List<ResultRow> written = new CopyOnWriteArrayList<>();
    MicroBatcher batcher =
        new MicroBatcher(
            "test-writer",
            rows -> {
              written.addAll(rows);
              return null;
            },
            10,
            Duration.ZERO,
            Duration.ofSeconds(1));
    batcher.record(row(1));
    batcher.close();

    assertThatThrownBy(() -> batcher.record(row(2)))
        .as("the caller hears it was not stored, so its own caller is told to retry")
        .isInstanceOf(ResultsStoreException.class)
        .hasMessageContaining("closing");
    assertThat(written).extracting(ResultRow::eventId).containsExactly(row(1).eventId());
  }

  @Test
  void eachCallerHearsTheFateOfItsOwnRows() {
    MicroBatcher batcher =
        new MicroBatcher(
            "test-writer",
            rows ->
                rows.stream().map(r -> r.eventId().contains("0000002") ? "refused" : null).toList(),
            10,
            Duration.ZERO,
            Duration.ofSeconds(1));
    batcher.record(row(1));
    assertThatThrownBy(() -> batcher.record(row(2))).hasMessageContaining("refused");
  }
}
