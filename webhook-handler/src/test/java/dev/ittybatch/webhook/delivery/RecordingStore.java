package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.DispatchedJobs;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The stores of web-layer tests: keeps rows and batch events, or fails when told to, and answers
 * the dispatched-job lookup from a map.
 */
class RecordingStore implements ResultsStore, EventLog, DispatchedJobs {

  final List<ResultRow> rows = new CopyOnWriteArrayList<>();
  final List<BatchEvent> events = new CopyOnWriteArrayList<>();
  final Map<String, String> dispatched = new ConcurrentHashMap<>();
  volatile boolean failing;

  /** The entry's generation has a dispatched row naming this job. */
  void dispatched(EntryIdentity entry, int generation, String jobId) {
    dispatched.put(entry.taskId(generation), jobId);
  }

  @Override
  public Optional<String> jobOf(EntryIdentity entry, int generation) {
    return Optional.ofNullable(dispatched.get(entry.taskId(generation)));
  }

  @Override
  public void append(List<BatchEvent> batch) {
    if (failing) {
      throw new ResultsStoreException("BigQuery insertAll failed: 500 backendError");
    }
    events.addAll(batch);
  }

  @Override
  public void record(List<ResultRow> batch) {
    if (failing) {
      throw new ResultsStoreException("BigQuery insertAll failed: 500 backendError");
    }
    rows.addAll(batch);
  }
}
