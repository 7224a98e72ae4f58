package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.results.ResultStatus;
import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code sql/queries/batch_state.sql}, read here only: an entry of the batch, its newest
 * generation and what is known of it.
 *
 * @param status that generation's status; null while it has none (pending), or for a word this code
 *     does not know
 * @param jobId the job that status names, when it is {@code dispatched} or a job's outcome
 * @param statusAt when that status was recorded
 * @param taskName the ledger's Cloud Tasks task name of that generation, null for an entry with
 *     rows but no ledger row
 * @param enqueuedAt the run instant the ledger says that generation's task carries
 * @param ledgerAt when the ledger row was recorded
 */
public record StateRow(
    EntryId entryId,
    int generation,
    ResultStatus status,
    String jobId,
    Instant statusAt,
    String taskName,
    Instant enqueuedAt,
    Instant ledgerAt) {

  static StateRow read(Map<String, Object> row) {
    Object status = row.get("status");
    return new StateRow(
        new EntryId((String) row.get("entry_id")),
        ((Number) row.get("generation")).intValue(),
        status == null ? null : ResultStatus.fromWireName((String) status).orElse(null),
        (String) row.get("job_id"),
        QueryValues.instant(row.get("status_at")),
        (String) row.get("task_name"),
        QueryValues.instant(row.get("enqueued_at")),
        QueryValues.instant(row.get("ledger_at")));
  }

  /** No outcome yet: the entry waits in the queue, or its task is gone. */
  public boolean pending() {
    return status == null;
  }
}
