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

  /** One row of {@code entry_rows.sql}, as far as the preflight reads it. */
  record Row(String status, String jobId, String errorKind, String errorMessage, String origin) {

    static Row read(Map<String, Object> row) {
      return new Row(
          (String) row.get("status"),
          (String) row.get("job_id"),
          (String) row.get("error_kind"),
          (String) row.get("error_message"),
          (String) row.get("origin"));
    }
  }

  private static final long POLL_MILLIS = 500;

  private final BatchStore store;
  private final Map<String, String> entry;

  Rows(BatchStore store, TaskPayload payload) {
    this.store = store;
    this.entry = Map.of("batch_id", payload.batchId(), "entry_id", payload.entryId());
  }

  private List<Row> all() {
    List<Row> rows = new ArrayList<>();
    store.stream("entry_rows", entry, row -> rows.add(Row.read(row)));
    return rows;
  }

  /**
   * The task-handler's verdict, once it has one: the dispatched row (with the job) if there is one,
   * else its rejected or dispatch_failed row; null when none came by the deadline.
   */
  Row awaitFirst(Instant deadline) throws InterruptedException {
    while (true) {
      Row verdict = null;
      for (Row row : all()) {
        if (!ResultRow.ORIGIN_TASK_HANDLER.equals(row.origin())) {
          continue;
        }
        if ("dispatched".equals(row.status()) || verdict == null) {
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
  Row byWebhook() {
    for (Row row : all()) {
      if (ResultRow.ORIGIN_WEBHOOK.equals(row.origin())) {
        return row;
      }
    }
    return null;
  }
}
