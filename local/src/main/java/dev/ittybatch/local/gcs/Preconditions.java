package dev.ittybatch.local.gcs;

import java.util.Map;

/**
 * The generation and metageneration preconditions of the JSON API: {@code ifGenerationMatch=0}
 * means "only if there is no such object". Any that fails answers 412 conditionNotMet
 * (https://cloud.google.com/storage/docs/request-preconditions).
 */
record Preconditions(
    Long ifGenerationMatch,
    Long ifGenerationNotMatch,
    Long ifMetagenerationMatch,
    Long ifMetagenerationNotMatch) {

  static Preconditions of(Map<String, String> query) {
    return new Preconditions(
        number(query, "ifGenerationMatch"),
        number(query, "ifGenerationNotMatch"),
        number(query, "ifMetagenerationMatch"),
        number(query, "ifMetagenerationNotMatch"));
  }

  private static Long number(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw GcsError.invalid("Invalid argument: " + name + "=" + value);
    }
  }

  void check(Blob existing) {
    long generation = existing == null ? 0 : existing.generation();
    if (ifGenerationMatch != null && ifGenerationMatch != generation) {
      throw GcsError.conditionNotMet();
    }
    if (ifGenerationNotMatch != null && ifGenerationNotMatch == generation) {
      throw GcsError.conditionNotMet();
    }
    if ((ifMetagenerationMatch != null || ifMetagenerationNotMatch != null) && existing == null) {
      throw GcsError.conditionNotMet();
    }
    if (ifMetagenerationMatch != null && ifMetagenerationMatch != existing.metageneration()) {
      throw GcsError.conditionNotMet();
    }
    if (ifMetagenerationNotMatch != null && ifMetagenerationNotMatch == existing.metageneration()) {
      throw GcsError.conditionNotMet();
    }
  }
}
