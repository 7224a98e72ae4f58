package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits GoogleSQL into tokens, as the lexical structure page describes it
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical): backquoted identifiers,
 * single, double and triple quoted strings with backslash escapes, raw ({@code r'..'}) and bytes
 * ({@code b'..'}) literals, {@code @name} and {@code ?} parameters, and {@code --}, {@code #} and
 * {@code /* *}{@code /} comments.
 */
final class Lexer {

  private final String sql;
  private int at;

  private Lexer(String sql) {
    this.sql = sql;
  }

  static List<Token> tokens(String sql) {
    return new Lexer(sql).all();
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      String lead = skipSpace();
      if (at >= sql.length()) {
        return tokens;
      }
      tokens.add(next(lead));
    }
  }

  private String skipSpace() {
    StringBuilder lead = new StringBuilder();
    while (at < sql.length()) {
      char c = sql.charAt(at);
      if (Character.isWhitespace(c)) {
        lead.append(c);
        at++;
      } else if (sql.startsWith("--", at) || c == '#') {
        while (at < sql.length() && sql.charAt(at) != '\n') {
          at++;
        }
        lead.append(' ');
      } else if (sql.startsWith("/*", at)) {
        int end = sql.indexOf("*/", at + 2);
        if (end < 0) {
          throw error("Unclosed comment", at);
        }
        at = end + 2;
        lead.append(' ');
      } else {
        break;
      }
    }
    return lead.toString();
  }

  private Token next(String lead) {
    int start = at;
    char c = sql.charAt(at);
    if (c == '`') {
      int end = sql.indexOf('`', at + 1);
      if (end < 0) {
        throw error("Unclosed identifier literal", start);
      }
      at = end + 1;
      return new Token(Token.Kind.QUOTED, sql.substring(start + 1, end), lead, start, at);
    }
    if (Character.isLetter(c) || c == '_') {
      int prefixEnd = at;
      while (prefixEnd < sql.length()
          && prefixEnd - at < 2
          && "rRbB".indexOf(sql.charAt(prefixEnd)) >= 0) {
        prefixEnd++;
      }
      if (prefixEnd > at && prefixEnd < sql.length() && "'\"".indexOf(sql.charAt(prefixEnd)) >= 0) {
        String prefix = sql.substring(at, prefixEnd).toLowerCase();
        at = prefixEnd;
        String value = string(prefix.contains("r"), start);
        return new Token(
            prefix.contains("b") ? Token.Kind.BYTES : Token.Kind.STRING, value, lead, start, at);
      }
      while (at < sql.length()
          && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_')) {
        at++;
      }
      return new Token(Token.Kind.WORD, sql.substring(start, at), lead, start, at);
    }
    if (c == '\'' || c == '"') {
      return new Token(Token.Kind.STRING, string(false, start), lead, start, at);
    }
    if (Character.isDigit(c)
        || (c == '.' && at + 1 < sql.length() && Character.isDigit(sql.charAt(at + 1)))) {
      return number(lead);
    }
    if (c == '@') {
      if (sql.startsWith("@@", at)) {
        throw error("System variables are not supported by the stand-in", start);
      }
      at++;
      while (at < sql.length()
          && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_')) {
        at++;
      }
      if (at == start + 1) {
        throw error("Unexpected \"@\"", start);
      }
      return new Token(Token.Kind.PARAMETER, sql.substring(start + 1, at), lead, start, at);
    }
    if (c == '?') {
      at++;
      return new Token(Token.Kind.PARAMETER, "", lead, start, at);
    }
    for (String pair : new String[] {"||", "<=", ">=", "<>", "!=", "<<", ">>", "=>"}) {
      if (sql.startsWith(pair, at)) {
        at += 2;
        return new Token(Token.Kind.SYMBOL, pair, lead, start, at);
      }
    }
    at++;
    return new Token(Token.Kind.SYMBOL, String.valueOf(c), lead, start, at);
  }

  private Token number(String lead) {
    int start = at;
    if (sql.startsWith("0x", at) || sql.startsWith("0X", at)) {
      at += 2;
      while (at < sql.length() && Character.digit(sql.charAt(at), 16) >= 0) {
        at++;
      }
      return new Token(Token.Kind.NUMBER, sql.substring(start, at), lead, start, at);
    }
    while (at < sql.length() && (Character.isDigit(sql.charAt(at)) || sql.charAt(at) == '.')) {
      at++;
    }
    if (at < sql.length() && (sql.charAt(at) == 'e' || sql.charAt(at) == 'E')) {
      at++;
      if (at < sql.length() && (sql.charAt(at) == '+' || sql.charAt(at) == '-')) {
        at++;
      }
      while (at < sql.length() && Character.isDigit(sql.charAt(at))) {
        at++;
      }
    }
    return new Token(Token.Kind.NUMBER, sql.substring(start, at), lead, start, at);
  }

  /** A quoted string's value, at its opening quote; escapes decoded unless raw. */
  private String string(boolean raw, int start) {
    char quote = sql.charAt(at);
    String triple = String.valueOf(quote).repeat(3);
    boolean isTriple = sql.startsWith(triple, at);
    at += isTriple ? 3 : 1;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (at >= sql.length() || (!isTriple && sql.charAt(at) == '\n')) {
        throw error("Unclosed string literal", start);
      }
      char c = sql.charAt(at);
      if (isTriple ? sql.startsWith(triple, at) : c == quote) {
        at += isTriple ? 3 : 1;
        return value.toString();
      }
      if (c == '\\' && at + 1 < sql.length()) {
        if (raw) {
          value.append(c).append(sql.charAt(at + 1));
          at += 2;
          continue;
        }
        at = escape(value, at + 1, start);
        continue;
      }
      value.append(c);
      at++;
    }
  }

  private int escape(StringBuilder value, int i, int start) {
    char e = sql.charAt(i);
    switch (e) {
      case 'n' -> value.append('\n');
      case 't' -> value.append('\t');
      case 'r' -> value.append('\r');
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'v' -> value.append('\u000b');
      case '\\', '\'', '"', '`', '?' -> value.append(e);
      case 'x', 'X' -> {
        value.append((char) Integer.parseInt(sql.substring(i + 1, i + 3), 16));
        return i + 3;
      }
      case 'u' -> {
        value.append((char) Integer.parseInt(sql.substring(i + 1, i + 5), 16));
        return i + 5;
      }
      case 'U' -> {
        value.appendCodePoint(Integer.parseInt(sql.substring(i + 1, i + 9), 16));
        return i + 9;
      }
      default -> throw error("Illegal escape sequence: \\" + e, start);
    }
    return i + 1;
  }

  private ApiError error(String what, int offset) {
    return syntaxError(sql, what, offset);
  }

  /** BigQuery's form: {@code Syntax error: WHAT at [LINE:COLUMN]}. */
  static ApiError syntaxError(String sql, String what, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(offset, sql.length()); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return ApiError.invalidQuery("Syntax error: " + what + " at [" + line + ":" + column + "]");
  }
}
