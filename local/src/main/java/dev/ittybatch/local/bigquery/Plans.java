package dev.ittybatch.local.bigquery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Scripts already read, by their text and what they are read against: the same few queries come
 * again and again with other parameters, and reading one (lexing, parsing, translating) cost the
 * stand-in more than a small query's run. A plan is a value; an error is never kept.
 */
final class Plans {

  static final int KEPT = 256;

  private record Key(
      String sql, String project, String defaultDataset, Set<TableRef> accelerated) {}

  private final Map<Key, Plan> plans =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
          return size() > KEPT;
        }
      };

  Plan of(
      String sql,
      String project,
      String defaultDataset,
      Map<TableRef, ViewAccelerator> accelerators) {
    Key key = new Key(sql, project, defaultDataset, Set.copyOf(accelerators.keySet()));
    synchronized (plans) {
      Plan plan = plans.get(key);
      if (plan != null) {
        return plan;
      }
    }
    Plan plan = Plan.of(sql, project, defaultDataset, accelerators);
    synchronized (plans) {
      plans.put(key, plan);
    }
    return plan;
  }
}
