package dev.ittybatch.local.bigquery;

import java.util.Set;

/** How GoogleSQL's literals and words are written for DuckDB. */
final class Dialect {

  /**
   * Words DuckDB reserves and GoogleSQL does not (duckdb_keywords() against GoogleSQL's reserved
   * keywords, lexical#reserved_keywords): in GoogleSQL they can name a column unquoted, so they are
   * quoted for DuckDB, unless called as a function or, for OFFSET, given a number.
   */
  private static final Set<String> DUCKDB_RESERVED =
      Set.of(
          ("ANALYSE ANALYZE ANTI ASOF ASYMMETRIC AUTHORIZATION BINARY BOTH CHECK COLLATION COLUMN"
                  + " COLUMNS CONCURRENTLY CONSTRAINT DEFERRABLE DESCRIBE DO FOREIGN FREEZE GENERATED"
                  + " GLOB ILIKE INITIALLY ISNULL LAMBDA LEADING MAP NOTNULL OFFSET ONLY OVERLAPS PIVOT"
                  + " PIVOT_LONGER PIVOT_WIDER PLACING POSITIONAL PRIMARY REFERENCES RETURNING SEMI SHOW"
                  + " SIMILAR SUMMARIZE SYMMETRIC TABLE TRAILING TRY_CAST UNIQUE UNPACK UNPIVOT VARIADIC"
                  + " VERBOSE")
              .split(" "));

  private Dialect() {}

  /** A word as DuckDB must read it: quoted when DuckDB reserves it and it names something here. */
  static String word(Token token, Token next) {
    String word = token.upper();
    boolean keyword =
        (next != null && next.isSymbol("("))
            || (word.equals("OFFSET") && next != null && !next.isName());
    return DUCKDB_RESERVED.contains(word) && !keyword ? TableRef.quote(token.text()) : token.text();
  }

  /** A backquoted name or path: {@code `a.b`} is {@code "a"."b"}. */
  static String quotedPath(String text) {
    StringBuilder out = new StringBuilder();
    for (String part : text.split("\\.", -1)) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(TableRef.quote(part));
    }
    return out.toString();
  }

  /** A string literal: GoogleSQL's {@code "x"} and {@code 'x'} are both DuckDB's {@code 'x'}. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String bytes(String value) {
    StringBuilder out = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      out.append(String.format("\\x%02X", (int) c & 0xff));
    }
    return out.append("'::BLOB").toString();
  }
}
