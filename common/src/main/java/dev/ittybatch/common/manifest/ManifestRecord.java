package dev.ittybatch.common.manifest;

import java.util.List;

/** One non-blank manifest line: either a valid entry or the reason it is not one. */
public sealed interface ManifestRecord permits ManifestRecord.Valid, ManifestRecord.Invalid {

  /** 1-based physical line number, blank lines included, so editors jump to the right place. */
  long line();

  /** A line that is a valid entry; {@code warnings} name what was passed through unchecked. */
  record Valid(ManifestEntry entry, List<String> warnings) implements ManifestRecord {
    public Valid {
      warnings = List.copyOf(warnings);
    }

    @Override
    public long line() {
      return entry.line();
    }
  }

  /** A line that cannot be processed, and why. */
  record Invalid(long line, String reason) implements ManifestRecord {

    /** {@code manifest.jsonl:412: kind "vidoe" is not one of ...}. */
    public String describe(String source) {
      return source + ":" + line + ": " + reason;
    }
  }
}
