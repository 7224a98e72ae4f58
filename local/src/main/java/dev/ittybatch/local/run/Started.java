package dev.ittybatch.local.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run has started, stopped last-started-first: a later piece may still be talking to an
 * earlier one, never the other way round. A piece that fails to stop does not keep the rest
 * running.
 */
final class Started implements AutoCloseable {

  private final List<AutoCloseable> pieces = new ArrayList<>();

  void add(AutoCloseable piece) {
    pieces.add(piece);
  }

  @Override
  public void close() {
    for (int i = pieces.size() - 1; i >= 0; i--) {
      try {
        pieces.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e.getMessage());
      }
    }
    pieces.clear();
  }
}
