package dev.ittybatch.orchestrator.reconcile;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.ittybit.JobMetadata;
import dev.ittybatch.common.ittybit.client.JobLookup;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles entries whose webhook never came: looks each job up with our key ({@link JobLookup}, as
 * the webhook-handler does) and records a finished one through the same job-to-row code ({@link
 * ResultRow#fromJob}), with origin {@code reconcile}. A job is believed only when its metadata
 * names an entry of this batch.
 */
final class JobSettler {

  private static final Logger log = LoggerFactory.getLogger(JobSettler.class);
  private static final int FETCHERS = 16;
  private static final int ROWS_PER_WRITE = 500;

  private final JobLookup lookup;
  private final ResultsStore store;

  JobSettler(JobLookup lookup, ResultsStore store) {
    this.lookup = lookup;
    this.store = store;
  }

  /** Jobs recorded, still running, unknown to Ittybit, and not fetched. */
  record Counts(long recorded, long running, long unknown, long unreadable) {}

  /** Fetches each job, a few at a time, and records the finished ones. */
  Counts settle(BatchId batchId, List<String> jobIds, Instant now) throws InterruptedException {
    long[] counts = new long[4];
    ExecutorService fetchers = Executors.newFixedThreadPool(FETCHERS);
    try {
      List<Future<Optional<Object>>> fetched = new ArrayList<>();
      for (String jobId : jobIds) {
        fetched.add(fetchers.submit(() -> Optional.ofNullable(fetch(batchId, jobId, now))));
      }
      List<ResultRow> rows = new ArrayList<>();
      for (Future<Optional<Object>> future : fetched) {
        Object outcome;
        try {
          outcome = future.get().orElse(null);
        } catch (java.util.concurrent.ExecutionException e) {
          outcome = Verdict.UNREADABLE;
        }
        if (outcome instanceof ResultRow row) {
          rows.add(row);
          counts[0]++;
        } else if (outcome == Verdict.RUNNING) {
          counts[1]++;
        } else if (outcome == Verdict.UNKNOWN) {
          counts[2]++;
        } else {
          counts[3]++;
        }
        if (rows.size() >= ROWS_PER_WRITE) {
          write(rows);
          rows.clear();
        }
      }
      write(rows);
    } finally {
      fetchers.shutdownNow();
    }
    return new Counts(counts[0], counts[1], counts[2], counts[3]);
  }

  private enum Verdict {
    RUNNING,
    UNKNOWN,
    UNREADABLE
  }

  /**
   * @return the row of a finished job of this batch, or a {@link Verdict}
   */
  private Object fetch(BatchId batchId, String jobId, Instant now) {
    JobLookup.Answer answer = lookup.lookup(jobId);
    if (answer instanceof JobLookup.Finished finished) {
      return ofBatch(batchId, jobId, finished.metadata())
          ? ResultRow.fromJob(finished.job(), now, ResultRow.ORIGIN_RECONCILE)
          : Verdict.UNKNOWN;
    }
    if (answer instanceof JobLookup.Running running) {
      return ofBatch(batchId, jobId, running.metadata()) ? Verdict.RUNNING : Verdict.UNKNOWN;
    }
    if (answer instanceof JobLookup.NotOurs notOurs) {
      log.warn("{}; nothing recorded", notOurs.reason());
      return Verdict.UNKNOWN;
    }
    if (answer instanceof JobLookup.Unknown) {
      log.warn("job {} is dispatched in the results but unknown to Ittybit", jobId);
      return Verdict.UNKNOWN;
    }
    log.warn("{}", ((JobLookup.RetryLater) answer).reason());
    return Verdict.UNREADABLE;
  }

  private static boolean ofBatch(BatchId batchId, String jobId, JobMetadata metadata) {
    if (metadata.identity().batchId().equals(batchId)) {
      return true;
    }
    log.warn("job {} carries no entry of batch {}; nothing recorded", jobId, batchId);
    return false;
  }

  private void write(List<ResultRow> rows) {
    if (!rows.isEmpty()) {
      store.record(List.copyOf(rows));
    }
  }
}
