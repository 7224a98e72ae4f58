package dev.ittybatch.common.manifest;

import dev.ittybatch.common.ittybit.MediaKind;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The options Ittybit documents for each kind, and what values each takes. An option it does not
 * document for a kind is passed through with a warning: Ittybit adds options over time, and
 * refusing them here would block a user who read newer docs than ours.
 */
final class OptionRules {

  /** Checks one option value; returns why it is wrong, or empty. */
  @FunctionalInterface
  interface Rule {
    Optional<String> check(JsonNode value, MediaKind kind);
  }

  private static final List<String> QUALITIES =
      List.of("very_low", "low", "medium", "high", "very_high");
  private static final Map<MediaKind, List<String>> FORMATS = new EnumMap<>(MediaKind.class);
  private static final Map<MediaKind, Set<String>> OPTIONS_BY_KIND = new EnumMap<>(MediaKind.class);
  private static final Map<String, Rule> RULES = new LinkedHashMap<>();
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(\\.\\d+)?)%");
  private static final Pattern HEX_COLOUR =
      Pattern.compile("#?([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");

  static {
    FORMATS.put(MediaKind.VIDEO, List.of("mp4", "webm", "mov"));
    FORMATS.put(MediaKind.AUDIO, List.of("mp3", "aac", "ogg", "opus", "wav", "flac"));
    FORMATS.put(MediaKind.IMAGE, List.of("jpeg", "png", "webp", "avif"));
    FORMATS.put(MediaKind.ANIMATION, List.of("gif", "webp"));
    FORMATS.put(MediaKind.ADAPTIVE_VIDEO, List.of("hls"));

    Set<String> sizing = Set.of("width", "height", "fit", "position", "background");
    OPTIONS_BY_KIND.put(
        MediaKind.VIDEO,
        union(sizing, Set.of("format", "codec", "quality", "fps", "bitrate", "start", "end")));
    OPTIONS_BY_KIND.put(MediaKind.AUDIO, Set.of("format", "quality", "bitrate", "start", "end"));
    OPTIONS_BY_KIND.put(MediaKind.IMAGE, union(sizing, Set.of("format", "quality", "start")));
    OPTIONS_BY_KIND.put(MediaKind.ANIMATION, union(sizing, Set.of("format", "quality")));
    OPTIONS_BY_KIND.put(MediaKind.ADAPTIVE_VIDEO, union(sizing, Set.of("format")));

    RULES.put("format", OptionRules::format);
    RULES.put("codec", (v, kind) -> oneOf(v, List.of("h264", "h265", "vp9", "av1")));
    RULES.put("quality", (v, kind) -> oneOf(v, QUALITIES));
    RULES.put("width", (v, kind) -> dimension(v));
    RULES.put("height", (v, kind) -> dimension(v));
    RULES.put("fit", (v, kind) -> oneOf(v, List.of("contain", "cover", "fill")));
    RULES.put("position", (v, kind) -> nonBlankString(v));
    RULES.put("background", (v, kind) -> colour(v));
    RULES.put("fps", (v, kind) -> numberBetween(v, 1, 60));
    RULES.put(
        "bitrate",
        (v, kind) ->
            kind == MediaKind.AUDIO
                ? integerBetween(v, 32_000, 320_000)
                : integerBetween(v, 300_000, 60_000_000));
    RULES.put("start", (v, kind) -> nonNegativeNumber(v));
    RULES.put("end", (v, kind) -> nonNegativeNumber(v));
  }

  private OptionRules() {}

  /** Whether Ittybit documents {@code name} for {@code kind}. */
  static boolean documented(MediaKind kind, String name) {
    return OPTIONS_BY_KIND.get(kind).contains(name);
  }

  /** Whether {@code name} is an option we know for some kind. */
  static boolean known(String name) {
    return RULES.containsKey(name);
  }

  static Optional<String> check(String name, JsonNode value, MediaKind kind) {
    Rule rule = RULES.get(name);
    return rule == null ? Optional.empty() : rule.check(value, kind);
  }

  /** Rules that involve more than one option. */
  static Optional<String> checkTogether(JsonNode options) {
    JsonNode fit = options.get("fit");
    if (options.has("background")
        && fit != null
        && fit.isString()
        && !"contain".equals(fit.stringValue())) {
      return Optional.of(
          "option \"background\" only applies with \"fit\": \"contain\", found fit "
              + fit.toString());
    }
    JsonNode start = options.get("start");
    JsonNode end = options.get("end");
    if (start != null
        && end != null
        && start.isNumber()
        && end.isNumber()
        && end.decimalValue().compareTo(start.decimalValue()) <= 0) {
      return Optional.of("option \"end\" (" + end + ") must be after \"start\" (" + start + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> oneOf(JsonNode value, List<String> allowed) {
    if (value.isString() && allowed.contains(value.stringValue())) {
      return Optional.empty();
    }
    return Optional.of("must be one of " + String.join(", ", allowed) + ", found " + value);
  }

  private static Optional<String> format(JsonNode value, MediaKind kind) {
    List<String> allowed = FORMATS.get(kind);
    if (value.isString() && allowed.contains(value.stringValue())) {
      return Optional.empty();
    }
    return Optional.of(
        value
            + " is not a "
            + kind.wireName()
            + " format; expected one of "
            + String.join(", ", allowed));
  }

  private static Optional<String> dimension(JsonNode value) {
    if (value.isIntegralNumber()
        && value.decimalValue().signum() > 0
        && value.decimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
      return Optional.empty();
    }
    if (value.isString()) {
      var matcher = PERCENT.matcher(value.stringValue());
      if (matcher.matches()) {
        BigDecimal percent = new BigDecimal(matcher.group(1));
        if (percent.signum() > 0 && percent.compareTo(BigDecimal.valueOf(100)) <= 0) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(
        "must be a positive integer (pixels) or a percentage from 1% to 100% like \"50%\", found "
            + value);
  }

  private static Optional<String> nonBlankString(JsonNode value) {
    return value.isString() && !value.stringValue().isBlank()
        ? Optional.empty()
        : Optional.of("must be a non-empty string, found " + value);
  }

  private static Optional<String> colour(JsonNode value) {
    return value.isString() && HEX_COLOUR.matcher(value.stringValue()).matches()
        ? Optional.empty()
        : Optional.of("must be a hex colour like \"#000000\", found " + value);
  }

  private static Optional<String> numberBetween(JsonNode value, long min, long max) {
    if (value.isNumber()
        && value.decimalValue().compareTo(BigDecimal.valueOf(min)) >= 0
        && value.decimalValue().compareTo(BigDecimal.valueOf(max)) <= 0) {
      return Optional.empty();
    }
    return Optional.of("must be a number from " + min + " to " + max + ", found " + value);
  }

  private static Optional<String> integerBetween(JsonNode value, long min, long max) {
    if (value.isIntegralNumber()
        && value.decimalValue().compareTo(BigDecimal.valueOf(min)) >= 0
        && value.decimalValue().compareTo(BigDecimal.valueOf(max)) <= 0) {
      return Optional.empty();
    }
    return Optional.of("must be an integer from " + min + " to " + max + ", found " + value);
  }

  private static Optional<String> nonNegativeNumber(JsonNode value) {
    return value.isNumber() && value.decimalValue().signum() >= 0
        ? Optional.empty()
        : Optional.of("must be a number of seconds, 0 or more, found " + value);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
