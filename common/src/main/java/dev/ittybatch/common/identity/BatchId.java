package dev.ittybatch.common.identity;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names one batch. It prefixes every task name, so it follows Cloud Tasks' character rules and is
 * short enough to leave room for the entry hash.
 */
public record BatchId(String value) {

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public BatchId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "batch id \""
              + value
              + "\" must be 1-63 characters of lowercase letters, digits and '-', starting with a"
              + " letter or digit");
    }
  }

  /**
   * Derives a batch id from a manifest location: {@code gs://b/runs/Library 2026.jsonl.gz} gives
   * {@code library-2026}. The same manifest name always gives the same id, which is what makes a
   * re-run land on the same task names.
   */
  public static BatchId fromManifestName(String location) {
    String name = location == null ? "" : location;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1).toLowerCase(Locale.ROOT);
    for (String suffix : new String[] {".gz", ".jsonl", ".ndjson", ".json", ".txt"}) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    name = name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "").replaceAll("-+$", "");
    if (name.length() > 63) {
      name = name.substring(0, 63).replaceAll("-+$", "");
    }
    return new BatchId(name.isEmpty() ? "batch" : name);
  }

  @Override
  public String toString() {
    return value;
  }
}
