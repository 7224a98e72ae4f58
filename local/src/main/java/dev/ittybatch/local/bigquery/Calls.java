package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.List;

/**
 * The calls the {@link Translator} rewrites: CAST and SAFE_CAST with GoogleSQL's type names, {@code
 * x IN UNNEST(array)}, CURRENT_TIMESTAMP with or without parentheses, and the functions of {@link
 * Functions}.
 */
final class Calls {

  private final Translator translator;
  private final List<Token> tokens;

  Calls(Translator translator, List<Token> tokens) {
    this.translator = translator;
    this.tokens = tokens;
  }

  /** Writes the call at {@code i}; the index after it, or -1 when it is not one of these. */
  int write(int i, int to, StringBuilder out) {
    Token token = tokens.get(i);
    String word = token.upper();
    boolean call = i + 1 < to && tokens.get(i + 1).isSymbol("(");
    if (call && (word.equals("CAST") || word.equals("SAFE_CAST"))) {
      int close = matching(i + 1, to);
      out.append(token.lead()).append(cast(word.equals("SAFE_CAST"), i + 1, close));
      return close + 1;
    }
    if (call && Functions.rewrites(word)) {
      int close = matching(i + 1, to);
      List<String> arguments = arguments(i + 1, close);
      String rewritten = Functions.rewrite(word, arguments);
      if (rewritten == null) {
        throw translator.fail(
            "No matching signature for function "
                + word
                + " with "
                + arguments.size()
                + " arguments",
            token);
      }
      out.append(token.lead()).append(rewritten);
      return close + 1;
    }
    if (word.equals("CURRENT_TIMESTAMP") || word.equals("CURRENT_DATE")) {
      out.append(token.lead()).append(Functions.now(word));
      return i + (call && i + 2 < to && tokens.get(i + 2).isSymbol(")") ? 3 : 1);
    }
    if (word.equals("IN")
        && i + 2 < to
        && tokens.get(i + 1).is("UNNEST")
        && tokens.get(i + 2).isSymbol("(")) {
      // x IN UNNEST(array) is DuckDB's x IN (SELECT unnest(array)).
      int close = matching(i + 2, to);
      out.append(token.lead())
          .append("IN (SELECT unnest(")
          .append(translator.emit(i + 3, close))
          .append("))");
      return close + 1;
    }
    return -1;
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
          throw translator.fail(
              "CAST to this type is not supported by the stand-in", tokens.get(i + 1));
        }
        return (safe ? "TRY_CAST(" : "CAST(") + translator.emit(open + 1, i) + " AS " + type + ")";
      }
    }
    throw translator.fail("Expected keyword AS", tokens.get(close));
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
    throw translator.fail("Expected \")\"", tokens.get(open));
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
          arguments.add(translator.emit(start, i));
        }
        start = i + 1;
      }
    }
    return arguments;
  }
}
