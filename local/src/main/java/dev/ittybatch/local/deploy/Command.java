package dev.ittybatch.local.deploy;

import java.util.List;
import java.util.Optional;

/**
 * One command a dry-run record says the script would run, as the words its process would get.
 *
 * @param where {@code record:line}, for messages about it
 * @param words the program and its arguments
 * @param stdin the file its standard input comes from ({@code < sql/...}), or null
 * @param secretOnStdin whether a secret is piped in ({@code <secret> | ...}); the dry run never
 *     prints it
 */
public record Command(String where, List<String> words, String stdin, boolean secretOnStdin) {

  public Command {
    words = List.copyOf(words);
  }

  /** The program's name without its folder: {@code gcloud}, {@code bq}, {@code mvnw}. */
  public String program() {
    String first = words.get(0);
    return first.substring(first.lastIndexOf('/') + 1);
  }

  public boolean startsWith(String... prefix) {
    if (words.size() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (!words.get(i).equals(prefix[i])) {
        return false;
      }
    }
    return true;
  }

  /** The value of {@code --name=value}; the last one wins, as with gcloud and bq. */
  public Optional<String> flag(String name) {
    String prefix = name + "=";
    Optional<String> value = Optional.empty();
    for (String word : words) {
      if (word.startsWith(prefix)) {
        value = Optional.of(word.substring(prefix.length()));
      }
    }
    return value;
  }

  public String requiredFlag(String name) {
    return flag(name)
        .orElseThrow(() -> new IllegalArgumentException(where + ": " + name + " is missing"));
  }

  public boolean has(String word) {
    return words.contains(word);
  }

  /** The words after the program that are not flags: the command path and its arguments. */
  public List<String> positionals() {
    return words.stream().skip(1).filter(word -> !word.startsWith("-")).toList();
  }

  @Override
  public String toString() {
    return where + ": " + String.join(" ", words);
  }
}
