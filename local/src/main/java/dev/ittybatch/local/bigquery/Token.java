package dev.ittybatch.local.bigquery;

import java.util.Locale;

/**
 * One token of GoogleSQL text.
 *
 * @param text a word or symbol as written; a quoted identifier's name; a string literal's value
 * @param lead the whitespace before it (comments become a space), kept so the text stays readable
 * @param offset where it starts in the script, for error locations
 * @param end where it ends in the script
 */
record Token(Kind kind, String text, String lead, int offset, int end) {

  enum Kind {
    WORD,
    QUOTED,
    STRING,
    BYTES,
    NUMBER,
    PARAMETER,
    SYMBOL
  }

  boolean is(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** A name: a word or a backquoted identifier. */
  boolean isName() {
    return kind == Kind.WORD || kind == Kind.QUOTED;
  }

  String upper() {
    return text.toUpperCase(Locale.ROOT);
  }
}
