package dev.ittybatch.local.run;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code run-local}'s command line: every option and its default stated once, in one table. */
public final class RunLocalOptions {

  /** With real media, outcomes come from ffmpeg: these simulated fates are off unless asked for. */
  private static final List<String> OUTCOME_FAULTS =
      List.of("unavailable", "rejected", "failed", "lost-webhooks", "forged-webhooks");

  private final Map<String, String> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  /**
   * @throws IllegalArgumentException naming an unknown option
   */
  public RunLocalOptions(String[] args) {
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        options.put(
            eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
      } else {
        positional.add(arg);
      }
    }
    for (String given : options.keySet()) {
      if (!RunLocalUsage.optionNames().contains(given)) {
        throw new IllegalArgumentException("unknown option --" + given);
      }
    }
  }

  boolean help() {
    return options.containsKey("help");
  }

  boolean keepOpen() {
    return options.containsKey("keep-open");
  }

  boolean strict() {
    return options.containsKey("strict");
  }

  /** The one positional argument, or null when there is not exactly one. */
  Path manifest() {
    return positional.size() == 1 ? Path.of(positional.get(0)).toAbsolutePath() : null;
  }

  /**
   * @throws IllegalArgumentException naming the option whose value is wrong
   */
  public PipelineSettings settings() {
    return new PipelineSettings(
        Path.of(text("data-dir")),
        // Cloud Tasks' own limits for a queue; the emulator refuses more, as Cloud Tasks does.
        integer("rate", 1, 500),
        integer("concurrency", 1, 5000),
        integer("max-attempts"),
        Duration.ofSeconds(10),
        Duration.ofSeconds(300),
        decimal("time-scale"),
        Duration.ofMillis(integer("processing-ms")),
        share("front-door"),
        Duration.ofHours(1),
        new Faults(
            share("rate-limited"),
            share("server-errors"),
            share("unavailable"),
            share("rejected"),
            share("failed"),
            share("lost-answers"),
            LocalPipeline.ITTYBIT_READ_TIMEOUT.plusSeconds(1),
            share("duplicate-webhooks"),
            share("lost-webhooks"),
            share("forged-webhooks"),
            Duration.ofMillis((long) (decimal("webhook-outage-after") * 1000)),
            Duration.ofMillis((long) (decimal("webhook-outage") * 1000))),
        mediaDir(),
        transcode(),
        integer("status-port"),
        Dialect.documented());
  }

  /** The media folder, or null. */
  Path mediaDir() {
    String dir = options.get("media-dir");
    return dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath();
  }

  Path mediaOptions() {
    String file = options.get("media-options");
    return file == null || file.isBlank() ? null : Path.of(file);
  }

  /** Asked for, or by default with a media folder. */
  boolean transcode() {
    return options.containsKey("transcode") || mediaDir() != null;
  }

  String batchId(Path manifest) {
    return options.containsKey("batch-id")
        ? new BatchId(options.get("batch-id")).value()
        : BatchId.fromManifestName(manifest.toString()).value();
  }

  Duration timeout() {
    return Duration.ofSeconds(integer("timeout"));
  }

  /** Where notices go, or null for the local receiver. */
  String notifyUrl() {
    String url = options.get("notify-url");
    if (url == null || url.isBlank()) {
      return null;
    }
    if (!url.matches("https?://\\S+")) {
      throw new IllegalArgumentException("--notify-url must be an http(s) URL");
    }
    return url;
  }

  /** {@code --pause-after} or {@code --cancel-after}: a count of outcomes, or null. */
  Integer lifeAfter(String name) {
    return options.containsKey(name) ? integer(name, 1, Integer.MAX_VALUE) : null;
  }

  private String text(String name) {
    String value = options.get(name);
    if (value != null) {
      return value;
    }
    return RunLocalUsage.defaultOf(name);
  }

  private int integer(String name) {
    String value = text(name);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, found " + value);
    }
  }

  private int integer(String name, int min, int max) {
    int value = integer(name);
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "--" + name + " must be from " + min + " to " + max + ", found " + value);
    }
    return value;
  }

  private double decimal(String name) {
    String value = text(name);
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, found " + value);
    }
  }

  private double share(String name) {
    if (mediaDir() != null && OUTCOME_FAULTS.contains(name) && !options.containsKey(name)) {
      return 0;
    }
    double value = decimal(name);
    if (value < 0 || value > 1) {
      throw new IllegalArgumentException("--" + name + " is a share from 0 to 1, found " + value);
    }
    return value;
  }
}
