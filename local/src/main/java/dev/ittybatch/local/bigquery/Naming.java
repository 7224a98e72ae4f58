package dev.ittybatch.local.bigquery;

import java.util.List;
import java.util.Map;

/**
 * How a query's names become tables: {@code project.dataset.table}, {@code dataset.table} in the
 * job's project, or a bare name in the default dataset; and which DuckDB relation holds each, an
 * accelerated view's own table in place of the view.
 */
final class Naming implements Translator.Names {

  private final String project;
  private final String defaultDataset;
  private final Map<TableRef, ViewAccelerator> accelerators;

  /**
   * @param defaultDataset the request's {@code defaultDataset}, or null
   * @param accelerators the views read through an accelerator; empty to name every view itself
   */
  Naming(String project, String defaultDataset, Map<TableRef, ViewAccelerator> accelerators) {
    this.project = project;
    this.defaultDataset = defaultDataset;
    this.accelerators = accelerators;
  }

  @Override
  public TableRef resolve(List<String> parts, int offset) {
    for (String part : parts) {
      if (part.isEmpty()) {
        throw ApiError.invalidQuery("Invalid table name: " + String.join(".", parts));
      }
    }
    return switch (parts.size()) {
      case 1 -> {
        if (defaultDataset == null) {
          // The real message when a bare name meets no default dataset.
          throw ApiError.invalidQuery(
              "Table \""
                  + parts.get(0)
                  + "\" must be qualified with a dataset (e.g. dataset.table).");
        }
        yield new TableRef(project, defaultDataset, parts.get(0));
      }
      case 2 -> new TableRef(project, parts.get(0), parts.get(1));
      case 3 -> new TableRef(parts.get(0), parts.get(1), parts.get(2));
      default -> throw ApiError.invalidQuery("Invalid table name: " + String.join(".", parts));
    };
  }

  @Override
  public String relation(TableRef table) {
    ViewAccelerator accelerator = accelerators.get(table);
    return accelerator == null ? table.duckdb() : accelerator.relation();
  }
}
