package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the statements of a script: queries and DML are left as tokens for the {@link Translator};
 * the DDL and DCL of GoogleSQL that this project's {@code sql/} files use are parsed here
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/data-definition-language and
 * data-control-language). A statement outside that set is refused, saying so.
 */
final class Parser extends Cursor {

  private final Translator.Names names;
  private final String project;

  private Parser(String script, List<Token> tokens, Translator.Names names, String project) {
    super(script, tokens);
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
    List<Parsed.Rename> renamed = new ArrayList<>();
    boolean renaming = peek().is("RENAME");
    do {
      // ADD COLUMN and RENAME COLUMN are separate statements in the DDL reference.
      if (!accept(renaming ? "RENAME" : "ADD")) {
        throw unsupported(peek());
      }
      expect("COLUMN");
      if (renaming) {
        boolean columnIfExists = accept("IF") && expect("EXISTS");
        String from = name();
        expect("TO");
        renamed.add(new Parsed.Rename(from, name(), columnIfExists));
      } else {
        added.add(column(true));
      }
    } while (acceptSymbol(","));
    end();
    return new Parsed.AlterTable(table, ifExists, added, renamed);
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
}
