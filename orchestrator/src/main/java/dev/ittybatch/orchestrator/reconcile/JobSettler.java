package dev.ittybatch.orchestrator.reconcile;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.ittybit.JobMetadata;
import dev.ittybatch.common.ittybit.UnrecognizedEventException;
import dev.ittybatch.common.ittybit.WebhookEvent;
import dev.ittybatch.common.ittybit.WebhookEventReader;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
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
 * Settles entries whose webhook never came: fetches each job with our key and records a finished
 * one through the webhook's own job-to-row code ({@link WebhookEventReader#readJob}, {@link
 * ResultRow#fromEvent}), with origin {@code reconcile}. A job is believed only when its metadata
 * names an entry of this batch.
 */
final class JobSettler {

  private static final Logger log = LoggerFactory.getLogger(JobSettler.class);
  private static final int FETCHERS = 16;
  private static final int ROWS_PER_WRITE = 500;

  private final IttybitClient client;
  private final ResultsStore store;
  private final WebhookEventReader reader = new WebhookEventReader();

  JobSettler(IttybitClient client, ResultsStore store) {
    this.client = client;
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
    IttybitClient.Response response;
    try {
      response = client.getJob(jobId);
    } catch (IttybitUnreachableException e) {
      log.warn("could not fetch job {}: {}", jobId, e.getMessage());
      return Verdict.UNREADABLE;
    }
    if (response.status() == 404 || response.status() == 410) {
      log.warn("job {} is dispatched in the results but unknown to Ittybit", jobId);
      return Verdict.UNKNOWN;
    }
    if (!response.ok()) {
      log.warn("could not fetch job {}: {}", jobId, response.describe());
      return Verdict.UNREADABLE;
    }
    WebhookEvent job;
    try {
      job = reader.readJob(response.body());
    } catch (UnrecognizedEventException e) {
      return Verdict.UNREADABLE;
    }
    Optional<JobMetadata> metadata = JobMetadata.read(response.body().path("metadata"));
    if (metadata.isEmpty() || !metadata.get().identity().batchId().equals(batchId)) {
      log.warn("job {} carries no entry of batch {}; nothing recorded", jobId, batchId);
      return Verdict.UNKNOWN;
    }
    if (!job.terminal()) {
      return Verdict.RUNNING;
    }
    return ResultRow.fromEvent(job, now, ResultRow.ORIGIN_RECONCILE);
  }

  private void write(List<ResultRow> rows) {
    if (!rows.isEmpty()) {
      store.record(List.copyOf(rows));
    }
  }
}
