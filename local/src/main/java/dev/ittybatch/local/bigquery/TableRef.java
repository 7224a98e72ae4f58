package dev.ittybatch.local.bigquery;

import dev.ittybatch.local.iam.Resources;

/** A table or view, by project, dataset and name. */
record TableRef(String project, String dataset, String table) {

  String resource() {
    return Resources.table(project, dataset, table);
  }

  String datasetResource() {
    return Resources.dataset(project, dataset);
  }

  /** As BigQuery's messages write it: {@code project:dataset.table}. */
  String display() {
    return project + ":" + dataset + "." + table;
  }

  /** The DuckDB relation that holds it: the dataset is the schema. */
  String duckdb() {
    return quote(dataset) + "." + quote(table);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
