package dev.ittybatch.common.testing;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A results store in memory, for tests of services that write rows: every row kept in order, and
 * each entry's latest outcome chosen as {@code sql/queries/task_results_latest.sql} chooses it (a
 * job's own outcome over the task handler's verdicts over {@code dispatched}, then the newest).
 */
public final class MemoryResultsStore implements ResultsStore {

  private final List<ResultRow> rows = new CopyOnWriteArrayList<>();

  @Override
  public void record(List<ResultRow> batch) {
    rows.addAll(batch);
  }

  public List<ResultRow> rows() {
    return List.copyOf(rows);
  }

  /** Each entry of the batch once, at its latest outcome. */
  public List<ResultRow> latest(String batchId) {
    Map<String, ResultRow> latest = new LinkedHashMap<>();
    Comparator<ResultRow> order =
        Comparator.comparingInt(MemoryResultsStore::rank)
            .thenComparing(ResultRow::receivedAt)
            .thenComparing(ResultRow::eventId);
    for (ResultRow row : rows) {
      if (batchId.equals(row.batchId())) {
        latest.merge(row.entryId(), row, (a, b) -> order.compare(a, b) >= 0 ? a : b);
      }
    }
    return new ArrayList<>(latest.values());
  }

  /** How many entries of the batch have each latest status. */
  public Map<ResultStatus, Long> countsByStatus(String batchId) {
    return latest(batchId).stream()
        .collect(Collectors.groupingBy(ResultRow::status, Collectors.counting()));
  }

  /** The entries of the batch whose latest outcome is not {@code succeeded} or in flight. */
  public List<ResultRow> failures(String batchId) {
    return latest(batchId).stream()
        .filter(
            row ->
                row.status() != ResultStatus.SUCCEEDED && row.status() != ResultStatus.DISPATCHED)
        .collect(Collectors.toList());
  }

  private static int rank(ResultRow row) {
    return switch (row.status()) {
      case SUCCEEDED, FAILED, CANCELLED -> 2;
      case DISPATCHED -> 0;
      default -> 1;
    };
  }
}
