package dev.ittybatch.common.manifest;

import dev.ittybatch.common.ittybit.MediaKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a pass over a manifest found: how many lines were valid (per kind) and invalid, the first
 * errors and warnings with their line numbers, and the totals of each. Memory stays bounded however
 * many problems there are.
 */
public final class ManifestReport {

  private final String source;
  private final int maxListed;
  private final Map<MediaKind, Long> validByKind = new EnumMap<>(MediaKind.class);
  private final List<ManifestRecord.Invalid> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private long invalid;
  private long warningCount;
  private long lines;

  public ManifestReport(String source, int maxListed) {
    this.source = source;
    this.maxListed = maxListed;
  }

  /**
   * Reads the whole manifest and reports on it.
   *
   * @throws ManifestException when the stream itself cannot be read
   */
  public static ManifestReport of(ManifestReader reader, int maxListed) {
    ManifestReport report = new ManifestReport(reader.source(), maxListed);
    reader.forEach(report::add);
    report.lines = reader.lineNumber();
    return report;
  }

  public void add(ManifestRecord record) {
    if (record instanceof ManifestRecord.Valid valid) {
      validByKind.merge(valid.entry().kind(), 1L, Long::sum);
      for (String warning : valid.warnings()) {
        warningCount++;
        if (warnings.size() < maxListed) {
          warnings.add(source + ":" + valid.line() + ": " + warning);
        }
      }
    } else if (record instanceof ManifestRecord.Invalid bad) {
      invalid++;
      if (errors.size() < maxListed) {
        errors.add(bad);
      }
    }
  }

  public String source() {
    return source;
  }

  /** Lines read, blank ones included. */
  public long lines() {
    return lines;
  }

  public long valid() {
    return validByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  public long invalid() {
    return invalid;
  }

  public Map<MediaKind, Long> validByKind() {
    return Collections.unmodifiableMap(validByKind);
  }

  /** The first errors, in line order. */
  public List<ManifestRecord.Invalid> errors() {
    return Collections.unmodifiableList(errors);
  }

  /** The first warnings, each as {@code source:line: warning}. */
  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  public long warningCount() {
    return warningCount;
  }

  /** A human summary: counts, then each listed error as {@code source:line: reason}. */
  public String describe() {
    return summary() + problems();
  }

  /** The counts, per kind, in one line. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(source)
        .append(": ")
        .append(valid())
        .append(" valid, ")
        .append(invalid)
        .append(" invalid");
    if (!validByKind.isEmpty()) {
      out.append(" (");
      String separator = "";
      for (Map.Entry<MediaKind, Long> kind : validByKind.entrySet()) {
        out.append(separator).append(kind.getKey()).append(' ').append(kind.getValue());
        separator = ", ";
      }
      out.append(')');
    }
    out.append(", ").append(warningCount).append(" warnings\n");
    return out.toString();
  }

  /** Each listed error as {@code source:line: reason}, then each listed warning; a line each. */
  public String problems() {
    StringBuilder out = new StringBuilder();
    for (ManifestRecord.Invalid error : errors) {
      out.append(error.describe(source)).append('\n');
    }
    if (invalid > errors.size()) {
      out.append("... and ").append(invalid - errors.size()).append(" more invalid lines\n");
    }
    for (String warning : warnings) {
      out.append("warning: ").append(warning).append('\n');
    }
    if (warningCount > warnings.size()) {
      out.append("... and ").append(warningCount - warnings.size()).append(" more warnings\n");
    }
    return out.toString();
  }
}
