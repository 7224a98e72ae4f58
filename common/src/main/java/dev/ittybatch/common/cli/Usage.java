package dev.ittybatch.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command's usage, written once: {@code --help} prints it, a usage error prints it after the
 * problem, the option parser accepts exactly its options, and each environment variable's default
 * is read from the service's properties file, where Spring reads it too.
 *
 * @param command the command's name, as the first word of each mode
 * @param modes what it does, one line each: the arguments, then what that does
 * @param options every option the parser accepts
 * @param variables every environment variable it reads
 * @param defaults each variable's default, from {@link #defaultsIn(String)}
 * @param notes closing lines: exit codes, where more is said
 */
public record Usage(
    String command,
    List<Mode> modes,
    List<Option> options,
    List<Variable> variables,
    Map<String, String> defaults,
    List<String> notes) {

  /** One way to run the command: its arguments and what it does. */
  public record Mode(String arguments, String does) {}

  /**
   * @param name without the dashes
   * @param value what its value is ({@code N}, {@code LOCATION}; in brackets when it may be left
   *     out, {@code [=PORT]}); null for a flag
   * @param description what it does, with its default
   */
  public record Option(String name, String value, String description) {}

  /** An environment variable and what it means. */
  public record Variable(String name, String description) {}

  /**
   * A component's own variables, then those every component reads alike from {@code
   * google-cloud.properties}: where its Google clients point locally, and as whom.
   */
  public static List<Variable> withEmulators(Variable... own) {
    return withEmulators(List.of(own));
  }

  /** The same, for a component whose own variables come in groups, in that order. */
  @SafeVarargs
  public static List<Variable> withEmulators(List<Variable>... groups) {
    return withEmulators(List.of(groups));
  }

  /**
   * The usage of a service: it serves on {@code PORT} and takes no argument but {@code --help}; its
   * own variables follow {@code PORT} and {@code SERVER_THREADS}, its defaults come from {@code
   * COMMAND.properties}.
   *
   * @param serves what it does on its port, for the one mode line
   */
  @SafeVarargs
  public static Usage service(String command, String serves, List<Variable>... variables) {
    List<List<Variable>> groups = new java.util.ArrayList<>();
    groups.add(
        List.of(
            new Variable("PORT", "the port to serve on"),
            new Variable("SERVER_THREADS", "requests served at once; more wait in the connector")));
    groups.addAll(List.of(variables));
    return new Usage(
        command,
        List.of(new Mode("", serves), new Mode("--help", "print this and exit")),
        List.of(new Option("help", null, "print this and exit")),
        withEmulators(groups),
        defaultsIn(command + ".properties"),
        List.of(
            "It takes no other argument. If it cannot start, one line names the variable to set,"
                + " and it exits 1."));
  }

  private static List<Variable> withEmulators(List<List<Variable>> groups) {
    List<Variable> all = new java.util.ArrayList<>();
    for (List<Variable> group : groups) {
      all.addAll(group);
    }
    all.add(new Variable("BIGQUERY_EMULATOR_HOST", "http://host:port of a BigQuery stand-in"));
    all.add(new Variable("STORAGE_EMULATOR_HOST", "http://host:port of a Cloud Storage stand-in"));
    all.add(
        new Variable(
            "CLOUD_TASKS_EMULATOR_HOST", "host:port of a Cloud Tasks emulator (plaintext gRPC)"));
    all.add(
        new Variable(
            "IAM_CREDENTIALS_EMULATOR_HOST",
            "host:port of an IAM Credentials stand-in that signs (plaintext gRPC)"));
    all.add(
        new Variable(
            "EMULATOR_IDENTITY",
            "the account calls name to the emulators, as Authorization: Bearer <email> with no"
                + " credentials (required with an emulator host)"));
    return List.copyOf(all);
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:([^}]*))?}");

  /** Whether the arguments ask for the usage. */
  public static boolean wantsHelp(String... args) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  public Set<String> optionNames() {
    Set<String> names = new LinkedHashSet<>();
    options.forEach(option -> names.add(option.name()));
    return names;
  }

  public Set<String> variableNames() {
    Set<String> names = new LinkedHashSet<>();
    variables.forEach(variable -> names.add(variable.name()));
    return names;
  }

  /** The whole usage, as {@code --help} prints it. */
  public String render() {
    StringBuilder text = new StringBuilder();
    String lead = "usage: ";
    for (Mode mode : modes) {
      text.append(lead).append(command);
      if (!mode.arguments().isEmpty()) {
        text.append(' ').append(mode.arguments());
      }
      text.append('\n');
      text.append("         ").append(mode.does()).append('\n');
      lead = "       ";
    }
    if (!options.isEmpty()) {
      text.append("\noptions:\n");
      for (Option option : options) {
        // A value in brackets is optional: --status-web[=PORT].
        String value = option.value() == null ? "" : option.value();
        String name =
            "--" + option.name() + (value.isEmpty() || value.startsWith("[") ? "" : "=") + value;
        column(text, name, option.description());
      }
    }
    if (!variables.isEmpty()) {
      text.append("\nenvironment variables (default in brackets; none: not set):\n");
      for (Variable variable : variables) {
        String fallback = defaults.get(variable.name());
        column(
            text,
            variable.name(),
            variable.description()
                + (fallback == null || fallback.isEmpty() ? "" : " [" + fallback + "]"));
      }
    }
    if (!notes.isEmpty()) {
      text.append('\n');
      notes.forEach(note -> text.append(note).append('\n'));
    }
    return text.toString();
  }

  private static final int WIDTH = 100;
  private static final int INDENT = 29;

  /** A name, then its description wrapped to the width, each line indented to the column. */
  private static void column(StringBuilder text, String name, String description) {
    text.append("  ").append(name);
    int column = 2 + name.length();
    if (column > INDENT - 1) {
      text.append('\n');
      column = 0;
    }
    text.append(" ".repeat(INDENT - column));
    int used = INDENT;
    for (String word : description.split(" ")) {
      if (used > INDENT && used + 1 + word.length() > WIDTH) {
        text.append('\n').append(" ".repeat(INDENT));
        used = INDENT;
      } else if (used > INDENT) {
        text.append(' ');
        used++;
      }
      text.append(word);
      used += word.length();
    }
    text.append('\n');
  }

  private static final Pattern IMPORT =
      Pattern.compile("(?m)^spring\\.config\\.import=classpath:(\\S+)$");

  /**
   * Each {@code ${NAME:default}} placeholder of a properties file on the classpath, and of the
   * files it imports ({@code spring.config.import=classpath:...}): the environment variables a
   * service reads through Spring, with their defaults ("" when there is none).
   */
  public static Map<String, String> defaultsIn(String resource) {
    Map<String, String> defaults = new LinkedHashMap<>();
    String text = read(resource);
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      defaults.putIfAbsent(matcher.group(1), matcher.group(3) == null ? "" : matcher.group(3));
    }
    Matcher imports = IMPORT.matcher(text);
    while (imports.find()) {
      defaultsIn(imports.group(1)).forEach(defaults::putIfAbsent);
    }
    return defaults;
  }

  private static String read(String resource) {
    try (InputStream in = Usage.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
    }
  }
}
