package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GoogleSQL to DuckDB SQL, the one place the dialects meet. Table paths ({@code
 * `project.dataset.table`}, {@code dataset.table}, or a bare name with a default dataset) become
 * DuckDB's {@code "dataset"."table"} and are collected, so the caller can check each is readable.
 * Strings become DuckDB's single-quoted ones ({@code "x"} is a string in GoogleSQL, a name in
 * DuckDB), parameters become positional, and the functions whose meaning differs are rewritten
 * (each says why). Functions DuckDB lacks are macros of {@code
 * sql/duckdb/02_bigquery_functions.sql}.
 */
final class Translator {

  /** How names in the text become tables. */
  interface Names {
    TableRef resolve(List<String> parts, int offset);

    /** The DuckDB relation to read for a table or view. */
    String relation(TableRef table);
  }

  /**
   * @param parameters the {@code @name}s in binding order; "" for a positional {@code ?}
   * @param reads every table and view the text names
   */
  record Translation(String sql, List<String> parameters, Set<TableRef> reads) {}

  private static final Set<String> ENDS_FROM_ITEM =
      Set.of(
          "WHERE",
          "GROUP",
          "ORDER",
          "LIMIT",
          "JOIN",
          "LEFT",
          "RIGHT",
          "INNER",
          "FULL",
          "CROSS",
          "ON",
          "USING",
          "UNION",
          "EXCEPT",
          "INTERSECT",
          "QUALIFY",
          "HAVING",
          "WINDOW",
          "FOR",
          "TABLESAMPLE",
          "SET",
          "SELECT",
          "WHEN",
          "OFFSET");

  /**
   * Words DuckDB reserves and GoogleSQL does not (duckdb_keywords() against GoogleSQL's reserved
   * keywords, lexical#reserved_keywords): in GoogleSQL they can name a column unquoted, so they are
   * quoted for DuckDB, unless called as a function or, for OFFSET, given a number.
   */
  private static final Set<String> DUCKDB_RESERVED =
      Set.of(
          "ANALYSE",
          "ANALYZE",
          "ANTI",
          "ASOF",
          "ASYMMETRIC",
          "AUTHORIZATION",
          "BINARY",
          "BOTH",
          "CHECK",
          "COLLATION",
          "COLUMN",
          "COLUMNS",
          "CONCURRENTLY",
          "CONSTRAINT",
          "DEFERRABLE",
          "DESCRIBE",
          "DO",
          "FOREIGN",
          "FREEZE",
          "GENERATED",
          "GLOB",
          "ILIKE",
          "INITIALLY",
          "ISNULL",
          "LAMBDA",
          "LEADING",
          "MAP",
          "NOTNULL",
          "OFFSET",
          "ONLY",
          "OVERLAPS",
          "PIVOT",
          "PIVOT_LONGER",
          "PIVOT_WIDER",
          "PLACING",
          "POSITIONAL",
          "PRIMARY",
          "REFERENCES",
          "RETURNING",
          "SEMI",
          "SHOW",
          "SIMILAR",
          "SUMMARIZE",
          "SYMMETRIC",
          "TABLE",
          "TRAILING",
          "TRY_CAST",
          "UNIQUE",
          "UNPACK",
          "UNPIVOT",
          "VARIADIC",
          "VERBOSE");

  private final String script;
  private final List<Token> tokens;
  private final Names names;
  private final Set<String> ctes = new HashSet<>();
  private final List<String> parameters = new ArrayList<>();
  private final Set<TableRef> reads = new LinkedHashSet<>();

  private Translator(String script, List<Token> tokens, Names names) {
    this.script = script;
    this.tokens = tokens;
    this.names = names;
    for (int i = 1; i + 2 < tokens.size(); i++) {
      Token before = tokens.get(i - 1);
      if (tokens.get(i).isName()
          && tokens.get(i + 1).is("AS")
          && tokens.get(i + 2).isSymbol("(")
          && (before.is("WITH") || before.is("RECURSIVE") || before.isSymbol(","))) {
        ctes.add(tokens.get(i).text().toLowerCase(Locale.ROOT));
      }
    }
  }

  static Translation translate(String script, List<Token> tokens, Names names) {
    Translator translator = new Translator(script, tokens, names);
    String sql = translator.emit(0, tokens.size());
    return new Translation(sql, translator.parameters, translator.reads);
  }

  private String emit(int from, int to) {
    StringBuilder out = new StringBuilder();
    int i = from;
    while (i < to) {
      Token token = tokens.get(i);
      boolean call = i + 1 < to && tokens.get(i + 1).isSymbol("(");
      switch (token.kind()) {
        case WORD -> {
          String word = token.upper();
          if ((word.equals("FROM") && !previous(i, "DISTINCT")) || word.equals("JOIN")) {
            out.append(token.lead()).append(token.text());
            i = fromItems(i + 1, to, out, word.equals("FROM"));
            continue;
          }
          if (word.equals("INTO")
              || word.equals("USING")
              || (i == 0 && (word.equals("UPDATE") || word.equals("DELETE")))) {
            // DML targets: INSERT INTO t, MERGE INTO t USING s, UPDATE t, DELETE [FROM] t.
            out.append(token.lead()).append(token.text());
            i = fromItems(i + 1, to, out, false);
            continue;
          }
          if (call && (word.equals("CAST") || word.equals("SAFE_CAST"))) {
            int close = matching(i + 1, to);
            out.append(token.lead()).append(cast(word.equals("SAFE_CAST"), i + 1, close));
            i = close + 1;
            continue;
          }
          if (call && Functions.rewrites(word)) {
            int close = matching(i + 1, to);
            List<String> arguments = arguments(i + 1, close);
            String rewritten = Functions.rewrite(word, arguments);
            if (rewritten == null) {
              throw fail(
                  "No matching signature for function "
                      + word
                      + " with "
                      + arguments.size()
                      + " arguments",
                  token);
            }
            out.append(token.lead()).append(rewritten);
            i = close + 1;
            continue;
          }
          if (word.equals("CURRENT_TIMESTAMP") || word.equals("CURRENT_DATE")) {
            out.append(token.lead()).append(Functions.now(word));
            i += call && tokens.get(i + 2).isSymbol(")") ? 3 : 1;
            continue;
          }
          if (word.equals("IN")
              && i + 2 < to
              && tokens.get(i + 1).is("UNNEST")
              && tokens.get(i + 2).isSymbol("(")) {
            // x IN UNNEST(array) is DuckDB's x IN (SELECT unnest(array)).
            int close = matching(i + 2, to);
            out.append(token.lead())
                .append("IN (SELECT unnest(")
                .append(emit(i + 3, close))
                .append("))");
            i = close + 1;
            continue;
          }
          if (word.equals("UNION") || word.equals("INTERSECT") || word.equals("EXCEPT")) {
            i = setOperator(i, to, out);
            continue;
          }
          boolean keyword =
              call
                  || (word.equals("OFFSET")
                      && i + 1 < to
                      && tokens.get(i + 1).kind() != Token.Kind.WORD
                      && tokens.get(i + 1).kind() != Token.Kind.QUOTED);
          if (DUCKDB_RESERVED.contains(word) && !keyword) {
            out.append(token.lead()).append(TableRef.quote(token.text()));
          } else {
            out.append(token.lead()).append(token.text());
          }
        }
        case QUOTED -> out.append(token.lead()).append(quotedPath(token.text()));
        case STRING -> out.append(token.lead()).append(literal(token.text()));
        case BYTES -> out.append(token.lead()).append(bytes(token.text()));
        case PARAMETER -> {
          parameters.add(token.text());
          out.append(token.lead()).append('?');
        }
        default -> {
          if (token.isSymbol("*") && i + 2 < to && tokens.get(i + 1).is("EXCEPT")) {
            // SELECT * EXCEPT (a, b) is DuckDB's * EXCLUDE (a, b).
            out.append(token.lead()).append("* EXCLUDE");
            i += 2;
            continue;
          }
          out.append(token.lead()).append(token.text());
        }
      }
      i++;
    }
    return out.toString();
  }

  /**
   * {@code UNION} needs {@code ALL} or {@code DISTINCT} in GoogleSQL ("Syntax error: Expected
   * keyword ALL or keyword DISTINCT",
   * https://cloud.google.com/bigquery/docs/reference/standard-sql/query-syntax#set_operators);
   * DuckDB's plain form is the DISTINCT one.
   */
  private int setOperator(int i, int to, StringBuilder out) {
    Token operator = tokens.get(i);
    if (i + 1 < to && tokens.get(i + 1).is("ALL")) {
      out.append(operator.lead()).append(operator.text()).append(" ALL");
      return i + 2;
    }
    if (i + 1 < to && tokens.get(i + 1).is("DISTINCT")) {
      out.append(operator.lead()).append(operator.text());
      return i + 2;
    }
    Token next = i + 1 < to ? tokens.get(i + 1) : operator;
    throw fail("Expected keyword ALL or keyword DISTINCT but got \"" + next.text() + "\"", next);
  }

  /** The tables after FROM or JOIN; with FROM, a comma-separated list of them. */
  private int fromItems(int i, int to, StringBuilder out, boolean list) {
    int j = i;
    while (j < to) {
      Token first = tokens.get(j);
      if (!first.isName() || first.is("UNNEST") || ENDS_FROM_ITEM.contains(first.upper())) {
        return j;
      }
      List<String> parts = new ArrayList<>();
      int end = pathOf(tokens, j, to, parts);
      if (parts.size() == 1 && ctes.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
        out.append(first.lead()).append(TableRef.quote(parts.get(0)));
      } else {
        TableRef table = names.resolve(parts, first.offset());
        reads.add(table);
        out.append(first.lead()).append(names.relation(table));
      }
      j = end;
      if (!list) {
        return j;
      }
      int k = j;
      if (k < to && tokens.get(k).is("AS")) {
        k++;
      }
      if (k < to && tokens.get(k).isName() && !ENDS_FROM_ITEM.contains(tokens.get(k).upper())) {
        k++;
      }
      if (k + 1 < to && tokens.get(k).isSymbol(",") && tokens.get(k + 1).isName()) {
        out.append(emit(j, k + 1));
        j = k + 1;
        continue;
      }
      return j;
    }
    return j;
  }

  /**
   * A path's parts, read from {@code i}: words and backquoted names joined by dots with no space
   * between, a backquoted one possibly holding dots itself; a project id's dashes unquoted.
   */
  static int pathOf(List<Token> tokens, int i, int to, List<String> parts) {
    StringBuilder first = new StringBuilder(tokens.get(i).text());
    boolean quoted = tokens.get(i).kind() == Token.Kind.QUOTED;
    int j = i + 1;
    while (!quoted
        && j + 1 < to
        && tokens.get(j).isSymbol("-")
        && tokens.get(j).lead().isEmpty()
        && tokens.get(j + 1).lead().isEmpty()
        && (tokens.get(j + 1).isName() || tokens.get(j + 1).kind() == Token.Kind.NUMBER)) {
      first.append('-').append(tokens.get(j + 1).text());
      j += 2;
    }
    split(first.toString(), quoted, parts);
    while (j + 1 < to
        && tokens.get(j).isSymbol(".")
        && tokens.get(j).lead().isEmpty()
        && tokens.get(j + 1).lead().isEmpty()
        && tokens.get(j + 1).isName()) {
      split(tokens.get(j + 1).text(), tokens.get(j + 1).kind() == Token.Kind.QUOTED, parts);
      j += 2;
    }
    return j;
  }

  private static void split(String text, boolean quoted, List<String> parts) {
    if (quoted) {
      for (String part : text.split("\\.", -1)) {
        parts.add(part);
      }
    } else {
      parts.add(text);
    }
  }

  /** The index of the parenthesis closing the one at {@code open}. */
  private int matching(int open, int to) {
    int depth = 0;
    for (int i = open; i < to; i++) {
      if (tokens.get(i).isSymbol("(")) {
        depth++;
      } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
        return i;
      }
    }
    throw fail("Expected \")\"", tokens.get(open));
  }

  /**
   * {@code CAST(x AS type)} with the type in DuckDB's name; {@code SAFE_CAST} is DuckDB's {@code
   * TRY_CAST} (NULL instead of an error).
   */
  private String cast(boolean safe, int open, int close) {
    int depth = 0;
    for (int i = open + 1; i < close; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && token.is("AS")) {
        String type = Types.castTarget(tokens.subList(i + 1, close));
        if (type == null) {
          throw fail("CAST to this type is not supported by the stand-in", tokens.get(i + 1));
        }
        return (safe ? "TRY_CAST(" : "CAST(") + emit(open + 1, i) + " AS " + type + ")";
      }
    }
    throw fail("Expected keyword AS", tokens.get(close));
  }

  /** A call's arguments, translated, split at its top-level commas. */
  private List<String> arguments(int open, int close) {
    List<String> arguments = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    for (int i = open + 1; i <= close; i++) {
      Token token = tokens.get(i);
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")") && depth > 0) {
        depth--;
      } else if (depth == 0 && (token.isSymbol(",") || i == close)) {
        if (i > start) {
          arguments.add(emit(start, i));
        }
        start = i + 1;
      }
    }
    return arguments;
  }

  private boolean previous(int i, String word) {
    return i > 0 && tokens.get(i - 1).is(word);
  }

  ApiError fail(String what, Token at) {
    return Lexer.syntaxError(script, what, at.offset());
  }

  private static String quotedPath(String text) {
    StringBuilder out = new StringBuilder();
    for (String part : text.split("\\.", -1)) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(TableRef.quote(part));
    }
    return out.toString();
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String bytes(String value) {
    StringBuilder out = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      out.append(String.format("\\x%02X", (int) c & 0xff));
    }
    return out.append("'::BLOB").toString();
  }
}
