package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A position in a statement's tokens, and the pieces of GoogleSQL's DDL grammar the {@link Parser}
 * reads with it: names, paths, column definitions and OPTIONS lists.
 */
abstract class Cursor {

  final String script;
  final List<Token> tokens;
  int at;

  Cursor(String script, List<Token> tokens) {
    this.script = script;
    this.tokens = tokens;
  }

  /** {@code name TYPE [NOT NULL] [OPTIONS (...)]}; with {@code adding}, IF NOT EXISTS first. */
  Parsed.Column column(boolean adding) {
    boolean ifNotExists = adding && ifNotExists();
    String name = name();
    Token typeToken = next();
    String type = Types.api(typeToken.text());
    if (typeToken.kind() != Token.Kind.WORD || type == null) {
      throw fail("Type " + typeToken.text() + " is not supported by the stand-in", typeToken);
    }
    if (acceptSymbol("(")) {
      // STRING(10), NUMERIC(10, 2): parameterized types hold the same values here.
      while (!acceptSymbol(")")) {
        next();
      }
    }
    boolean required = false;
    String description = null;
    while (at < tokens.size() && !peek().isSymbol(",") && !peek().isSymbol(")")) {
      if (accept("NOT")) {
        expect("NULL");
        required = true;
      } else if (peek().is("OPTIONS")) {
        description = options().get("description");
      } else {
        throw unsupported(peek());
      }
    }
    return new Parsed.Column(
        new Field(name, type, required ? "REQUIRED" : "NULLABLE", description), ifNotExists);
  }

  /** {@code OPTIONS (name = value, ...)}: the values that are string literals. */
  Map<String, String> options() {
    Map<String, String> options = new LinkedHashMap<>();
    if (!accept("OPTIONS")) {
      return options;
    }
    expectSymbol("(");
    if (acceptSymbol(")")) {
      return options;
    }
    do {
      String name = name().toLowerCase(Locale.ROOT);
      expectSymbol("=");
      int depth = 0;
      int from = at;
      while (at < tokens.size()
          && !(depth == 0 && (peek().isSymbol(",") || peek().isSymbol(")")))) {
        Token token = next();
        depth += token.isSymbol("(") || token.isSymbol("[") ? 1 : 0;
        depth -= token.isSymbol(")") || token.isSymbol("]") ? 1 : 0;
      }
      Token value = tokens.get(from);
      options.put(name, at == from + 1 && value.kind() == Token.Kind.STRING ? value.text() : "");
    } while (acceptSymbol(","));
    expectSymbol(")");
    return options;
  }

  boolean ifNotExists() {
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
      return true;
    }
    return false;
  }

  List<String> pathParts() {
    if (at >= tokens.size() || !peek().isName()) {
      throw fail("Expected a name", at < tokens.size() ? peek() : tokens.get(tokens.size() - 1));
    }
    List<String> parts = new ArrayList<>();
    at = Paths.read(tokens, at, tokens.size(), parts);
    return parts;
  }

  String name() {
    Token token = next();
    if (!token.isName()) {
      throw fail("Expected a name but got \"" + token.text() + "\"", token);
    }
    return token.text();
  }

  Token peek() {
    return at < tokens.size() ? tokens.get(at) : tokens.get(tokens.size() - 1);
  }

  Token next() {
    if (at >= tokens.size()) {
      throw fail("Unexpected end of statement", tokens.get(tokens.size() - 1));
    }
    return tokens.get(at++);
  }

  boolean accept(String word) {
    if (at < tokens.size() && tokens.get(at).is(word)) {
      at++;
      return true;
    }
    return false;
  }

  boolean acceptSymbol(String symbol) {
    if (at < tokens.size() && tokens.get(at).isSymbol(symbol)) {
      at++;
      return true;
    }
    return false;
  }

  boolean expect(String word) {
    Token token = next();
    if (!token.is(word)) {
      throw fail("Expected keyword " + word + " but got \"" + token.text() + "\"", token);
    }
    return true;
  }

  void expectSymbol(String symbol) {
    Token token = next();
    if (!token.isSymbol(symbol)) {
      throw fail("Expected \"" + symbol + "\" but got \"" + token.text() + "\"", token);
    }
  }

  void end() {
    if (at < tokens.size()) {
      throw fail("Expected end of input but got \"" + peek().text() + "\"", peek());
    }
  }

  ApiError unsupported(Token token) {
    return fail("\"" + token.text() + "\" here is not supported by the stand-in", token);
  }

  ApiError fail(String what, Token at) {
    return Lexer.syntaxError(script, what, at.offset());
  }
}
