package dev.ittybatch.common.ittybit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The job kinds Ittybit accepts on {@code POST /jobs}. */
public enum MediaKind {
  VIDEO,
  AUDIO,
  IMAGE,
  ANIMATION,
  ADAPTIVE_VIDEO;

  /** Every wire name, comma separated, for error messages. */
  public static final String WIRE_NAMES =
      Arrays.stream(values()).map(MediaKind::wireName).collect(Collectors.joining(", "));

  /** The name Ittybit uses, e.g. {@code adaptive_video}; also how JSON carries it. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an exact wire name; no case folding, since Ittybit does none either. */
  public static Optional<MediaKind> fromWireName(String name) {
    for (MediaKind kind : values()) {
      if (kind.wireName().equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a kind from JSON (a task payload).
   *
   * @throws IllegalArgumentException naming the kinds there are
   */
  @JsonCreator
  public static MediaKind fromJson(String name) {
    return fromWireName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException("kind \"" + name + "\" is not one of " + WIRE_NAMES));
  }

  @Override
  public String toString() {
    return wireName();
  }
}
