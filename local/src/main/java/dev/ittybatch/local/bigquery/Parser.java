package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the statements of a script: queries and DML are left as tokens for the {@link Translator};
 * the DDL and DCL of GoogleSQL that this project's {@code sql/} files use are parsed here
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/data-definition-language and
 * data-control-language). A statement outside that set is refused, saying so.
 */
final class Parser {

  private final String script;
  private final List<Token> tokens;
  private final Translator.Names names;
  private final String project;
  private int at;

  private Parser(String script, List<Token> tokens, Translator.Names names, String project) {
    this.script = script;
    this.tokens = tokens;
    this.names = names;
    this.project = project;
  }

  /** The statements of a script: split at semicolons, empty ones dropped. */
  static List<List<Token>> split(List<Token> all) {
    List<List<Token>> statements = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.size(); i++) {
      if (i == all.size() || all.get(i).isSymbol(";")) {
        if (i > start) {
          statements.add(all.subList(start, i));
        }
        start = i + 1;
      }
    }
    return statements;
  }

  static Parsed parse(String script, List<Token> tokens, Translator.Names names, String project) {
    return new Parser(script, tokens, names, project).statement();
  }

  private Parsed statement() {
    Token first = tokens.get(0);
    String word = first.kind() == Token.Kind.WORD ? first.upper() : first.text();
    return switch (word) {
      case "SELECT", "WITH", "(" -> new Parsed.Query("SELECT", null, tokens);
      case "INSERT", "DELETE", "UPDATE", "MERGE" -> dml(word);
      case "CREATE" -> create();
      case "ALTER" -> alter();
      case "DROP" -> drop();
      case "GRANT", "REVOKE" -> grant(word.equals("REVOKE"));
      default -> throw unsupported(first);
    };
  }

  private Parsed dml(String word) {
    at = 1;
    if (accept("INTO") || accept("FROM")) {
      // INSERT INTO t, DELETE FROM t, MERGE INTO t: the keyword is optional in GoogleSQL.
    }
    TableRef target = table();
    return new Parsed.Query(word, target, tokens);
  }

  private Parsed create() {
    at = 1;
    boolean orReplace = accept("OR") && expect("REPLACE");
    if (peek().is("TEMP") || peek().is("TEMPORARY")) {
      throw unsupported(peek());
    }
    if (accept("SCHEMA")) {
      boolean ifNotExists = ifNotExists();
      if (orReplace) {
        throw fail("CREATE OR REPLACE SCHEMA is not supported", tokens.get(1));
      }
      List<String> parts = pathParts();
      if (parts.size() > 2) {
        throw fail("Invalid dataset name", tokens.get(at - 1));
      }
      String datasetProject = parts.size() == 2 ? parts.get(0) : project;
      Map<String, String> options = options();
      end();
      return new Parsed.CreateSchema(
          datasetProject, parts.get(parts.size() - 1), ifNotExists, options);
    }
    if (accept("TABLE")) {
      return createTable(orReplace);
    }
    if (accept("VIEW")) {
      boolean ifNotExists = ifNotExists();
      TableRef view = table();
      options();
      expect("AS");
      int start = at;
      String query =
          script.substring(tokens.get(start).offset(), tokens.get(tokens.size() - 1).end());
      return new Parsed.CreateView(
          view, ifNotExists, orReplace, tokens.subList(start, tokens.size()), query.strip());
    }
    throw unsupported(peek());
  }

  private Parsed createTable(boolean orReplace) {
    Token start = tokens.get(at - 1);
    boolean ifNotExists = ifNotExists();
    if (orReplace && ifNotExists) {
      // "OR REPLACE and IF NOT EXISTS cannot both be used" (DDL reference, CREATE TABLE).
      throw fail("CREATE TABLE cannot have both OR REPLACE and IF NOT EXISTS", start);
    }
    TableRef table = table();
    expectSymbol("(");
    List<Parsed.Column> columns = new ArrayList<>();
    do {
      columns.add(column(false));
    } while (acceptSymbol(","));
    expectSymbol(")");
    List<Token> partitionBy = List.of();
    List<String> clusterBy = List.of();
    Map<String, String> options = Map.of();
    while (at < tokens.size()) {
      if (accept("PARTITION")) {
        expect("BY");
        int from = at;
        while (at < tokens.size() && !peek().is("CLUSTER") && !peek().is("OPTIONS")) {
          at++;
        }
        partitionBy = tokens.subList(from, at);
      } else if (accept("CLUSTER")) {
        expect("BY");
        List<String> names = new ArrayList<>();
        do {
          names.add(name());
        } while (acceptSymbol(","));
        clusterBy = names;
      } else if (peek().is("OPTIONS")) {
        options = options();
      } else {
        throw unsupported(peek());
      }
    }
    return new Parsed.CreateTable(
        table, ifNotExists, orReplace, columns, partitionBy, clusterBy, options);
  }

  private Parsed alter() {
    at = 1;
    expect("TABLE");
    boolean ifExists = accept("IF") && expect("EXISTS");
    TableRef table = table();
    List<Parsed.Column> added = new ArrayList<>();
    do {
      if (!accept("ADD")) {
        throw unsupported(peek());
      }
      expect("COLUMN");
      added.add(column(true));
    } while (acceptSymbol(","));
    end();
    return new Parsed.AlterTable(table, ifExists, added);
  }

  private Parsed drop() {
    at = 1;
    Token kind = next();
    if (!kind.is("TABLE") && !kind.is("VIEW") && !kind.is("SCHEMA")) {
      throw unsupported(kind);
    }
    boolean ifExists = accept("IF") && expect("EXISTS");
    TableRef target = kind.is("SCHEMA") ? dataset() : table();
    boolean cascade = accept("CASCADE");
    if (!cascade) {
      accept("RESTRICT");
    }
    end();
    return new Parsed.Drop(kind.upper(), target, ifExists, cascade);
  }

  private Parsed grant(boolean revoke) {
    at = 1;
    List<String> roles = new ArrayList<>();
    do {
      roles.add(name());
    } while (acceptSymbol(","));
    expect("ON");
    Token kind = next();
    TableRef target;
    if (kind.is("SCHEMA")) {
      target = dataset();
    } else if (kind.is("TABLE") || kind.is("VIEW")) {
      target = table();
    } else {
      throw unsupported(kind);
    }
    expect(revoke ? "FROM" : "TO");
    List<String> members = new ArrayList<>();
    do {
      Token member = next();
      if (member.kind() != Token.Kind.STRING) {
        throw fail("Expected a string literal naming a member", member);
      }
      members.add(member.text());
    } while (acceptSymbol(","));
    end();
    return new Parsed.Grant(revoke, roles, target, members);
  }

  /** {@code name TYPE [NOT NULL] [OPTIONS (...)]}; with {@code adding}, IF NOT EXISTS first. */
  private Parsed.Column column(boolean adding) {
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
  private Map<String, String> options() {
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

  private boolean ifNotExists() {
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
      return true;
    }
    return false;
  }

  private TableRef table() {
    Token first = peek();
    return names.resolve(pathParts(), first.offset());
  }

  private TableRef dataset() {
    Token first = peek();
    List<String> parts = pathParts();
    if (parts.size() > 2) {
      throw fail("Invalid dataset name", first);
    }
    return new TableRef(
        parts.size() == 2 ? parts.get(0) : project, parts.get(parts.size() - 1), null);
  }

  private List<String> pathParts() {
    if (at >= tokens.size() || !peek().isName()) {
      throw fail("Expected a name", at < tokens.size() ? peek() : tokens.get(tokens.size() - 1));
    }
    List<String> parts = new ArrayList<>();
    at = Translator.pathOf(tokens, at, tokens.size(), parts);
    return parts;
  }

  private String name() {
    Token token = next();
    if (!token.isName()) {
      throw fail("Expected a name but got \"" + token.text() + "\"", token);
    }
    return token.text();
  }

  private Token peek() {
    return at < tokens.size() ? tokens.get(at) : tokens.get(tokens.size() - 1);
  }

  private Token next() {
    if (at >= tokens.size()) {
      throw fail("Unexpected end of statement", tokens.get(tokens.size() - 1));
    }
    return tokens.get(at++);
  }

  private boolean accept(String word) {
    if (at < tokens.size() && tokens.get(at).is(word)) {
      at++;
      return true;
    }
    return false;
  }

  private boolean acceptSymbol(String symbol) {
    if (at < tokens.size() && tokens.get(at).isSymbol(symbol)) {
      at++;
      return true;
    }
    return false;
  }

  private boolean expect(String word) {
    Token token = next();
    if (!token.is(word)) {
      throw fail("Expected keyword " + word + " but got \"" + token.text() + "\"", token);
    }
    return true;
  }

  private void expectSymbol(String symbol) {
    Token token = next();
    if (!token.isSymbol(symbol)) {
      throw fail("Expected \"" + symbol + "\" but got \"" + token.text() + "\"", token);
    }
  }

  private void end() {
    if (at < tokens.size()) {
      throw fail("Expected end of input but got \"" + peek().text() + "\"", peek());
    }
  }

  private ApiError unsupported(Token token) {
    return fail("\"" + token.text() + "\" here is not supported by the stand-in", token);
  }

  private ApiError fail(String what, Token at) {
    return Lexer.syntaxError(script, what, at.offset());
  }
}
