package dev.ittybatch.orchestrator.preflight;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.task.TaskPayload;
import dev.ittybatch.orchestrator.batch.BatchStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The preflight entry's rows ({@code sql/queries/entry_rows.sql}), as they arrive. */
final class Rows {

  private static final long POLL_MILLIS = 500;

  private final BatchStore store;
  private final Map<String, String> entry;

  Rows(BatchStore store, TaskPayload payload) {
    this.store = store;
    this.entry = Map.of("batch_id", payload.batchId(), "entry_id", payload.entryId());
  }

  private List<Map<String, Object>> all() {
    List<Map<String, Object>> rows = new ArrayList<>();
    store.stream("entry_rows", entry, rows::add);
    return rows;
  }

  /**
   * The task-handler's verdict, once it has one: the dispatched row (with the job) if there is one,
   * else its rejected or dispatch_failed row; null when none came by the deadline.
   */
  Map<String, Object> awaitFirst(Instant deadline) throws InterruptedException {
    while (true) {
      Map<String, Object> verdict = null;
      for (Map<String, Object> row : all()) {
        if (!ResultRow.ORIGIN_TASK_HANDLER.equals(row.get("origin"))) {
          continue;
        }
        if ("dispatched".equals(row.get("status")) || verdict == null) {
          verdict = row;
        }
      }
      if (verdict != null || !Instant.now().isBefore(deadline)) {
        return verdict;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The job's outcome as a webhook recorded it, or null while none has. */
  Map<String, Object> byWebhook() {
    for (Map<String, Object> row : all()) {
      if (ResultRow.ORIGIN_WEBHOOK.equals(row.get("origin"))) {
        return row;
      }
    }
    return null;
  }
}
