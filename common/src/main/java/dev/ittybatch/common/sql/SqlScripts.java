package dev.ittybatch.common.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of {@code sql/} (packaged on the classpath under {@code sql/}), split into statements,
 * with BigQuery's {@code @name} parameters turned into JDBC's positional {@code ?}.
 */
public final class SqlScripts {

  private static final Pattern PARAMETER = Pattern.compile("@([a-z_][a-z0-9_]*)");

  private SqlScripts() {}

  public static String read(String name) {
    try (InputStream in = SqlScripts.class.getResourceAsStream("/sql/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sql/" + name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A query of {@code sql/queries} by name.
   *
   * @throws IllegalArgumentException for a name that is not one (only lowercase words may name one,
   *     so no path can be smuggled in)
   */
  public static String query(String name) {
    if (name == null || !name.matches("[a-z_]{1,64}")) {
      throw new IllegalArgumentException("no query named \"" + name + "\"");
    }
    if (SqlScripts.class.getResource("/sql/queries/" + name + ".sql") == null) {
      throw new IllegalArgumentException("no query named \"" + name + "\"");
    }
    return read("queries/" + name + ".sql");
  }

  /** JDBC wants one statement without its closing semicolon. */
  public static String withoutSemicolon(String sql) {
    String text = sql.trim();
    return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
  }

  /** Statements of a script: split at semicolons that end a line, comment lines dropped. */
  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().trim();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().trim());
    }
    return statements;
  }

  /** A query with {@code @name} parameters as JDBC text plus the names in binding order. */
  public record Positional(String sql, List<String> parameters) {}

  public static Positional positional(String sql) {
    List<String> names = new ArrayList<>();
    Matcher matcher = PARAMETER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      names.add(matcher.group(1));
      matcher.appendReplacement(out, "?");
    }
    matcher.appendTail(out);
    return new Positional(out.toString(), names);
  }
}
