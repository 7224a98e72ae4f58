package dev.ittybatch.local.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of shell, split into the words bash would pass: backslash escapes, single quotes, double
 * quotes and {@code $'...'}, which is all {@code printf %q} produces. An unquoted {@code |}, {@code
 * ||}, {@code <}, {@code >/dev/null} or {@code 2>&1} standing alone is an operator, and an unquoted
 * word starting with {@code #} starts a comment (the dry run explains a conditional step that way).
 * Placeholders the dry run prints bare ({@code <secret>}, {@code <repo>/mvnw}) stay words.
 */
final class ShellWords {

  record Word(String text, boolean operator) {}

  private static final List<String> OPERATORS = List.of("|", "||", "<", ">/dev/null", "2>&1");

  private ShellWords() {}

  static List<Word> split(String line) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      int end = endOfWord(line, i);
      String raw = line.substring(i, end);
      words.add(
          OPERATORS.contains(raw) ? new Word(raw, true) : new Word(unquote(raw, line), false));
      i = end;
    }
    return words;
  }

  /** Where the word starting at {@code start} ends: the first unquoted whitespace. */
  private static int endOfWord(String line, int start) {
    int i = start;
    while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
      char c = line.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        i = closing(line, i + 1, '\'', false) + 1;
      } else if (c == '"') {
        i = closing(line, i + 1, '"', true) + 1;
      } else if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
        i = closing(line, i + 2, '\'', true) + 1;
      } else {
        i++;
      }
    }
    return Math.min(i, line.length());
  }

  private static int closing(String line, int from, char quote, boolean escapes) {
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (escapes && c == '\\') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed " + quote + " in: " + line);
  }

  private static String unquote(String raw, String line) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '\\') {
        if (i + 1 < raw.length()) {
          out.append(raw.charAt(i + 1));
        }
        i += 2;
      } else if (c == '\'') {
        int end = closing(raw, i + 1, '\'', false);
        out.append(raw, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        int end = closing(raw, i + 1, '"', true);
        out.append(doubleQuoted(raw.substring(i + 1, end)));
        i = end + 1;
      } else if (c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
        int end = closing(raw, i + 2, '\'', true);
        out.append(ansiC(raw.substring(i + 2, end), line));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Inside double quotes a backslash escapes only {@code $ ` " \}. */
  private static String doubleQuoted(String body) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && "$`\"\\".indexOf(body.charAt(i + 1)) >= 0) {
        out.append(body.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The escapes {@code printf %q} uses inside {@code $'...'}. */
  private static String ansiC(String body, String line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= body.length()) {
        out.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'e', 'E' -> out.append('\u001b');
        case '\\', '\'', '"' -> out.append(e);
        case 'x' -> {
          int end = i + 1;
          while (end < body.length() && end < i + 3 && Character.digit(body.charAt(end), 16) >= 0) {
            end++;
          }
          out.append((char) Integer.parseInt(body.substring(i + 1, end), 16));
          i = end - 1;
        }
        default -> {
          if (e < '0' || e > '7') {
            throw new IllegalArgumentException("unknown escape \\" + e + " in: " + line);
          }
          int end = i;
          while (end < body.length()
              && end < i + 3
              && body.charAt(end) >= '0'
              && body.charAt(end) <= '7') {
            end++;
          }
          out.append((char) Integer.parseInt(body.substring(i, end), 8));
          i = end - 1;
        }
      }
    }
    return out.toString();
  }
}
