package dev.ittybatch.local.bigquery;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BigQuery's column types and DuckDB's. The API names types the legacy way in schemas ({@code
 * INTEGER}, {@code FLOAT}, {@code BOOLEAN}) and accepts the GoogleSQL names too
 * (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#TableFieldSchema.FIELDS.type);
 * TIMESTAMP is stored as DuckDB's zone-less TIMESTAMP holding UTC, as the local results store has
 * always done. Types the stand-in cannot hold faithfully (DATETIME, BIGNUMERIC, JSON, GEOGRAPHY,
 * RECORD, REPEATED) are refused rather than approximated.
 */
final class Types {

  /** Any accepted name to the name the API answers with. */
  private static final Map<String, String> API =
      Map.ofEntries(
          Map.entry("STRING", "STRING"),
          Map.entry("BYTES", "BYTES"),
          Map.entry("INTEGER", "INTEGER"),
          Map.entry("INT64", "INTEGER"),
          Map.entry("INT", "INTEGER"),
          Map.entry("SMALLINT", "INTEGER"),
          Map.entry("BIGINT", "INTEGER"),
          Map.entry("TINYINT", "INTEGER"),
          Map.entry("BYTEINT", "INTEGER"),
          Map.entry("FLOAT", "FLOAT"),
          Map.entry("FLOAT64", "FLOAT"),
          Map.entry("BOOLEAN", "BOOLEAN"),
          Map.entry("BOOL", "BOOLEAN"),
          Map.entry("TIMESTAMP", "TIMESTAMP"),
          Map.entry("DATE", "DATE"),
          Map.entry("TIME", "TIME"),
          Map.entry("NUMERIC", "NUMERIC"),
          Map.entry("DECIMAL", "NUMERIC"));

  private static final Map<String, String> DUCKDB =
      Map.of(
          "STRING", "VARCHAR",
          "BYTES", "BLOB",
          "INTEGER", "BIGINT",
          "FLOAT", "DOUBLE",
          "BOOLEAN", "BOOLEAN",
          "TIMESTAMP", "TIMESTAMP",
          "DATE", "DATE",
          "TIME", "TIME",
          "NUMERIC", "DECIMAL(38,9)");

  private Types() {}

  /** The API's name for a type written in a schema or DDL, or null when not held here. */
  static String api(String name) {
    return name == null ? null : API.get(name.toUpperCase(Locale.ROOT));
  }

  static String duckdb(String apiType) {
    return DUCKDB.get(apiType);
  }

  /** A CAST's target type (tokens after AS), as DuckDB names it; null when not held here. */
  static String castTarget(List<Token> type) {
    if (type.isEmpty() || type.get(0).kind() != Token.Kind.WORD) {
      return null;
    }
    // STRING(10) and NUMERIC(10, 2) are parameterized types; a cast ignores the parameters here.
    if (type.size() > 1 && !type.get(1).isSymbol("(")) {
      return null;
    }
    String api = api(type.get(0).text());
    return api == null ? null : duckdb(api);
  }

  /**
   * The API type of a DuckDB column, for schemas of tables and of query results. Sums and counts
   * come out of DuckDB as HUGEINT, literals such as 2.5 and ROUND of them as DECIMAL: in GoogleSQL
   * those are INT64 and FLOAT64 (only NUMERIC columns are DECIMAL(38,9) here).
   */
  static String fromDuckdb(String duckdbType) {
    String type = duckdbType.toUpperCase(Locale.ROOT);
    if (type.startsWith("DECIMAL")) {
      return type.replace(" ", "").equals("DECIMAL(38,9)") ? "NUMERIC" : "FLOAT";
    }
    if (type.startsWith("TIMESTAMP")) {
      return "TIMESTAMP";
    }
    return switch (type) {
      case "VARCHAR" -> "STRING";
      case "BIGINT",
          "INTEGER",
          "SMALLINT",
          "TINYINT",
          "HUGEINT",
          "UBIGINT",
          "UINTEGER",
          "USMALLINT",
          "UTINYINT",
          "UHUGEINT",
          "NULL",
          "\"NULL\"" ->
          "INTEGER";
      case "DOUBLE", "FLOAT" -> "FLOAT";
      case "BOOLEAN" -> "BOOLEAN";
      case "DATE" -> "DATE";
      case "TIME" -> "TIME";
      case "BLOB" -> "BYTES";
      default -> "STRING";
    };
  }
}
