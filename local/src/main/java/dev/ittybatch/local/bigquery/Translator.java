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
 * DuckDB), parameters become positional, and the calls whose meaning differs are rewritten ({@link
 * Calls}). Functions DuckDB lacks are macros of {@code sql/duckdb/02_bigquery_functions.sql}.
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
          ("WHERE GROUP ORDER LIMIT JOIN LEFT RIGHT INNER FULL CROSS ON USING UNION EXCEPT INTERSECT"
                  + " QUALIFY HAVING WINDOW FOR TABLESAMPLE SET SELECT WHEN OFFSET")
              .split(" "));

  private final String script;
  private final List<Token> tokens;
  private final Names names;
  private final Calls calls;
  private final Set<String> ctes = new HashSet<>();
  private final List<String> parameters = new ArrayList<>();
  private final Set<TableRef> reads = new LinkedHashSet<>();

  private Translator(String script, List<Token> tokens, Names names) {
    this.script = script;
    this.tokens = tokens;
    this.names = names;
    this.calls = new Calls(this, tokens);
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

  /** DuckDB's text for the tokens from {@code from} to {@code to}. */
  String emit(int from, int to) {
    StringBuilder out = new StringBuilder();
    int i = from;
    while (i < to) {
      Token token = tokens.get(i);
      Token next = i + 1 < to ? tokens.get(i + 1) : null;
      switch (token.kind()) {
        case WORD -> {
          String word = token.upper();
          if ((word.equals("FROM") && !(i > 0 && tokens.get(i - 1).is("DISTINCT")))
              || word.equals("JOIN")) {
            out.append(token.lead()).append(token.text());
            i = fromItems(i + 1, to, out, word.equals("FROM"));
            continue;
          }
          if (word.equals("INTO")
              || word.equals("USING")
              || (i == 0 && word.equals("UPDATE"))
              || (i == 0 && word.equals("DELETE") && next != null && !next.is("FROM"))) {
            // DML targets: INSERT INTO t, MERGE INTO t USING s, UPDATE t, DELETE [FROM] t.
            out.append(token.lead()).append(token.text());
            i = fromItems(i + 1, to, out, false);
            continue;
          }
          int after = calls.write(i, to, out);
          if (after >= 0) {
            i = after;
            continue;
          }
          if (word.equals("UNION") || word.equals("INTERSECT") || word.equals("EXCEPT")) {
            i = setOperator(i, to, out);
            continue;
          }
          out.append(token.lead()).append(Dialect.word(token, next));
        }
        case QUOTED -> out.append(token.lead()).append(Dialect.quotedPath(token.text()));
        case STRING -> out.append(token.lead()).append(Dialect.literal(token.text()));
        case BYTES -> out.append(token.lead()).append(Dialect.bytes(token.text()));
        case PARAMETER -> {
          parameters.add(token.text());
          out.append(token.lead()).append('?');
        }
        default -> {
          if (token.isSymbol("*") && next != null && next.is("EXCEPT")) {
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
   * keyword ALL or keyword DISTINCT", query-syntax#set_operators); DuckDB's plain form is the
   * DISTINCT one.
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
      int end = Paths.read(tokens, j, to, parts);
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

  ApiError fail(String what, Token at) {
    return Lexer.syntaxError(script, what, at.offset());
  }
}
