package dev.ittybatch.local.bigquery;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows streamed by insertAll cannot be changed by UPDATE, DELETE or MERGE for about 30 minutes
 * ("Rows that were written to a table recently by using streaming ... can't be modified with
 * UPDATE, DELETE, or MERGE statements. The recent writes are those that occur within the last 30
 * minutes", data-manipulation-language#limitations). BigQuery refuses only statements that would
 * touch such rows; the stand-in refuses any on a table streamed to within the window, which is
 * stricter, never laxer.
 */
final class StreamingBuffer {

  private final Duration window;
  private final Clock clock;
  private final Map<TableRef, Long> lastStreamed = new ConcurrentHashMap<>();

  StreamingBuffer(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  void streamed(TableRef table) {
    lastStreamed.put(table, clock.millis());
  }

  void checkChangeable(String statement, TableRef table) {
    Long last = lastStreamed.get(table);
    if (last != null && !window.isZero() && clock.millis() - last < window.toMillis()) {
      throw ApiError.invalidQuery(
          statement
              + " statement over table "
              + table.project()
              + "."
              + table.dataset()
              + "."
              + table.table()
              + " would affect rows in the streaming buffer, which is not supported");
    }
  }
}
