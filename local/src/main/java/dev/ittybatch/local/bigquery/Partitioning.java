package dev.ittybatch.local.bigquery;

import java.util.List;
import java.util.Set;

/**
 * The rules of PARTITION BY and CLUSTER BY in CREATE TABLE (creating-partitioned-tables,
 * clustered-tables#limitations). DuckDB has neither; the stand-in checks them and keeps them as
 * metadata. Message wording is BigQuery's where known, unconfirmed otherwise.
 */
final class Partitioning {

  private static final String PARTITION_RULE =
      "PARTITION BY expression must be DATE(<timestamp_column>), a DATE column,"
          + " TIMESTAMP_TRUNC(<timestamp_column>, DAY/HOUR/MONTH/YEAR), DATE_TRUNC(<date_column>,"
          + " MONTH/YEAR), or _PARTITIONDATE";

  /** Up to four; never FLOAT64 (clustered-tables#limitations). */
  private static final int MAX_CLUSTERING = 4;

  private static final Set<String> CLUSTERABLE =
      Set.of("STRING", "INTEGER", "NUMERIC", "DATE", "TIMESTAMP", "BOOLEAN");

  private Partitioning() {}

  /** The column a PARTITION BY expression partitions on; null for ingestion time or none. */
  static String field(List<Token> expression, List<Field> fields) {
    if (expression.isEmpty()) {
      return null;
    }
    Token first = expression.get(0);
    if (expression.size() == 1 && (first.is("_PARTITIONDATE") || first.is("_PARTITIONTIME"))) {
      return null;
    }
    if (expression.size() == 1 && first.isName()) {
      return column(first.text(), fields, "DATE");
    }
    if (expression.size() == 4
        && first.is("DATE")
        && expression.get(1).isSymbol("(")
        && expression.get(2).isName()
        && expression.get(3).isSymbol(")")) {
      return column(expression.get(2).text(), fields, "TIMESTAMP");
    }
    if (expression.size() == 6
        && (first.is("TIMESTAMP_TRUNC") || first.is("DATE_TRUNC"))
        && expression.get(2).isName()
        && expression.get(3).isSymbol(",")
        && expression.get(4).kind() == Token.Kind.WORD) {
      String unit = expression.get(4).upper();
      boolean timestamp = first.is("TIMESTAMP_TRUNC");
      if ((timestamp && Set.of("DAY", "HOUR", "MONTH", "YEAR").contains(unit))
          || (!timestamp && Set.of("MONTH", "YEAR").contains(unit))) {
        return column(expression.get(2).text(), fields, timestamp ? "TIMESTAMP" : "DATE");
      }
    }
    throw ApiError.invalidQuery(PARTITION_RULE);
  }

  private static String column(String name, List<Field> fields, String type) {
    for (Field field : fields) {
      if (field.name().equalsIgnoreCase(name)) {
        if (!field.type().equals(type)) {
          throw ApiError.invalidQuery(PARTITION_RULE);
        }
        return field.name();
      }
    }
    throw ApiError.invalidQuery("Unrecognized name: " + name);
  }

  static void checkClustering(List<String> clustering, List<Field> fields) {
    if (clustering.size() > MAX_CLUSTERING) {
      throw ApiError.invalidQuery(
          "Too many clustering columns: " + clustering.size() + ", at most " + MAX_CLUSTERING);
    }
    for (String name : clustering) {
      Field field =
          fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElse(null);
      if (field == null) {
        throw ApiError.invalidQuery(
            "The field specified for clustering cannot be found in the schema. Invalid field: "
                + name);
      }
      if (!CLUSTERABLE.contains(field.type())) {
        throw ApiError.invalidQuery(
            "Clustering is not supported on a field of type " + field.type() + ": " + name);
      }
    }
  }
}
