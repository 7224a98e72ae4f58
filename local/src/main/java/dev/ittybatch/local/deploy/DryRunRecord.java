package dev.ittybatch.local.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dry-run record ({@code deploy.sh --dry-run STEP} output): lines starting with {@code + } are
 * commands, everything else is what the script says to its user. A line may hold a pipeline or an
 * "exists || create" pair; each side is its own {@link Command}.
 */
public final class DryRunRecord {

  private final String name;
  private final List<Command> commands;

  private DryRunRecord(String name, List<Command> commands) {
    this.name = name;
    this.commands = List.copyOf(commands);
  }

  public static DryRunRecord read(Path file) {
    try {
      return parse(file.getFileName().toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DryRunRecord parse(String name, String text) {
    List<Command> commands = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      if (lines[n].startsWith("+ ")) {
        commands.addAll(commandsOf(name + ":" + (n + 1), lines[n].substring(2)));
      }
    }
    return new DryRunRecord(name, commands);
  }

  private static List<Command> commandsOf(String where, String line) {
    List<Command> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    String stdin = null;
    boolean secret = false;
    List<ShellWords.Word> split = ShellWords.split(line);
    for (int i = 0; i < split.size(); i++) {
      ShellWords.Word word = split.get(i);
      if (!word.operator()) {
        words.add(word.text());
        continue;
      }
      switch (word.text()) {
        case "|", "||" -> {
          if (words.equals(List.of("<secret>"))) {
            secret = true;
          } else if (!words.isEmpty()) {
            commands.add(new Command(where, words, stdin, secret));
            secret = false;
          }
          words = new ArrayList<>();
          stdin = null;
        }
        case "<" -> {
          if (i + 1 >= split.size()) {
            throw new IllegalArgumentException(where + ": < with no file");
          }
          stdin = split.get(++i).text();
        }
        default -> {
          // Redirections of output change nothing the command does.
        }
      }
    }
    if (!words.isEmpty()) {
      commands.add(new Command(where, words, stdin, secret));
    }
    return commands;
  }

  public String name() {
    return name;
  }

  public List<Command> commands() {
    return commands;
  }

  /** The commands whose words start with these. */
  public List<Command> commands(String... prefix) {
    return commands.stream().filter(command -> command.startsWith(prefix)).toList();
  }

  /** The one command whose words start with these; a record with none or several is wrong. */
  public Command command(String... prefix) {
    List<Command> found = commands(prefix);
    if (found.size() != 1) {
      throw new IllegalArgumentException(
          name + " has " + found.size() + " commands starting " + Arrays.toString(prefix));
    }
    return found.get(0);
  }
}
