package dev.ittybatch.common.events;

import java.util.List;

/**
 * Where batch events are recorded: BigQuery's {@code batch_events} (or its stand-in, on one
 * machine). Returns only once the events are durably stored.
 */
public interface EventLog {

  /**
   * @throws dev.ittybatch.common.results.ResultsStoreException when an event could not be stored
   */
  void append(List<BatchEvent> events);

  default void append(BatchEvent event) {
    append(List.of(event));
  }
}
