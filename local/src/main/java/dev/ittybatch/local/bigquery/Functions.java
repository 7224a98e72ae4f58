package dev.ittybatch.local.bigquery;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GoogleSQL functions whose DuckDB namesake means something else, rewritten with their arguments
 * already translated. Each cites the GoogleSQL rule it keeps
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/functions-all).
 */
final class Functions {

  private static final Set<String> REWRITTEN =
      Set.of("COUNTIF", "GREATEST", "LEAST", "CONCAT", "DATE");

  private Functions() {}

  static boolean rewrites(String name) {
    return REWRITTEN.contains(name);
  }

  /** The DuckDB text for a call, or null when no signature takes these arguments. */
  static String rewrite(String name, List<String> arguments) {
    int count = arguments.size();
    return switch (name) {
      // COUNTIF over no rows is 0 in GoogleSQL; DuckDB's count_if gives NULL.
      case "COUNTIF" ->
          count == 1 ? "count(CASE WHEN (" + arguments.get(0) + ") THEN 1 END)" : null;
      // GREATEST and LEAST are NULL when any argument is NULL; DuckDB's skip NULLs.
      case "GREATEST", "LEAST" -> count == 0 ? null : nullIfAnyNull(name.toLowerCase(), arguments);
      // CONCAT is NULL when any argument is NULL; DuckDB's concat skips them, its || does not.
      case "CONCAT" ->
          count == 0
              ? null
              : arguments.stream()
                  .map(a -> "(" + a + ")")
                  .collect(Collectors.joining(" || ", "(", ")"));
      // DATE(timestamp) is the UTC date; DATE(y, m, d) builds one.
      case "DATE" ->
          switch (count) {
            case 1 -> "CAST((" + arguments.get(0) + ") AS DATE)";
            case 3 -> "make_date(" + String.join(", ", arguments) + ")";
            default -> null;
          };
      default -> null;
    };
  }

  private static String nullIfAnyNull(String function, List<String> arguments) {
    String anyNull =
        arguments.stream().map(a -> "(" + a + ") IS NULL").collect(Collectors.joining(" OR "));
    String call =
        arguments.stream()
            .map(a -> "(" + a + ")")
            .collect(Collectors.joining(", ", function + "(", ")"));
    return "(CASE WHEN " + anyNull + " THEN NULL ELSE " + call + " END)";
  }

  /** CURRENT_TIMESTAMP and CURRENT_DATE as UTC, as every TIMESTAMP here is stored. */
  static String now(String word) {
    return word.equals("CURRENT_DATE")
        ? "CAST(now() AT TIME ZONE 'UTC' AS DATE)"
        : "CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP)";
  }
}
