package dev.ittybatch.local.bigquery;

import java.util.List;

/** Table paths as GoogleSQL writes them. */
final class Paths {

  private Paths() {}

  /**
   * A path's parts, read from {@code i}: words and backquoted names joined by dots with no space
   * between, a backquoted one possibly holding dots itself ({@code `project.dataset.table`}), and a
   * project id's dashes unquoted ({@code my-project.dataset.table}, lexical#table_names).
   *
   * @return the index after the path
   */
  static int read(List<Token> tokens, int i, int to, List<String> parts) {
    StringBuilder first = new StringBuilder(tokens.get(i).text());
    boolean quoted = tokens.get(i).kind() == Token.Kind.QUOTED;
    int j = i + 1;
    while (!quoted
        && j + 1 < to
        && tokens.get(j).isSymbol("-")
        && tokens.get(j).lead().isEmpty()
        && tokens.get(j + 1).lead().isEmpty()
        && (tokens.get(j + 1).isName() || tokens.get(j + 1).kind() == Token.Kind.NUMBER)) {
      first.append('-').append(tokens.get(j + 1).text());
      j += 2;
    }
    split(first.toString(), quoted, parts);
    while (j + 1 < to
        && tokens.get(j).isSymbol(".")
        && tokens.get(j).lead().isEmpty()
        && tokens.get(j + 1).lead().isEmpty()
        && tokens.get(j + 1).isName()) {
      split(tokens.get(j + 1).text(), tokens.get(j + 1).kind() == Token.Kind.QUOTED, parts);
      j += 2;
    }
    return j;
  }

  private static void split(String text, boolean quoted, List<String> parts) {
    if (quoted) {
      parts.addAll(List.of(text.split("\\.", -1)));
    } else {
      parts.add(text);
    }
  }
}
