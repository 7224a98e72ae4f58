package dev.ittybatch.local.bigquery;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * insertAll's de-duplication: an {@code insertId} seen for a table within the window is taken as
 * already written. BigQuery calls it best-effort ("used to detect duplicate insertion requests on a
 * best-effort basis", tabledata/insertAll reference); the one-minute window is the figure of
 * streaming-data-into-bigquery (unconfirmed), a knob here.
 */
final class InsertIds {

  private final Duration window;
  private final Clock clock;
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  InsertIds(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** Whether {@code id} was written to {@code table} within the window. */
  boolean seen(TableRef table, String id) {
    if (id == null || id.isEmpty() || window.isZero()) {
      return false;
    }
    Long expires = seen.get(key(table, id));
    return expires != null && expires > clock.millis();
  }

  void remember(TableRef table, String id) {
    if (id == null || id.isEmpty() || window.isZero()) {
      return;
    }
    long now = clock.millis();
    seen.put(key(table, id), now + window.toMillis());
    if (calls.incrementAndGet() % 10_000 == 0) {
      seen.values().removeIf(expires -> expires <= now);
    }
  }

  private static String key(TableRef table, String id) {
    return table.dataset() + "." + table.table() + "\u0000" + id;
  }
}
