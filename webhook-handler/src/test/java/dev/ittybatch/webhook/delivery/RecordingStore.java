package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A results store for web-layer tests: keeps rows, or fails when told to. */
class RecordingStore implements ResultsStore {

  final List<ResultRow> rows = new CopyOnWriteArrayList<>();
  volatile boolean failing;

  @Override
  public void record(List<ResultRow> batch) {
    if (failing) {
      throw new ResultsStoreException("BigQuery insertAll failed: 500 backendError");
    }
    rows.addAll(batch);
  }
}
