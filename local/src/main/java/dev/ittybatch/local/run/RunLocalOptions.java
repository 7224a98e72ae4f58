package dev.ittybatch.local.run;

import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.FfmpegPrograms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code run-local}'s command line: every option and its default stated once, in one table. */
public final class RunLocalOptions {

  /** Every option, its default and its meaning, stated once: the usage text is made from this. */
  private static final List<String[]> OPTIONS =
      List.of(
          new String[] {"batch-id", "", "default: from the manifest name"},
          new String[] {"rate", "50", "queue dispatches per second"},
          new String[] {"concurrency", "50", "queue max concurrent dispatches"},
          new String[] {"max-attempts", "10", "task-handler attempts (the queue has 2 more)"},
          new String[] {
            "time-scale", "20", "divide backoff, redelivery and key-lifetime waits by X"
          },
          new String[] {"processing-ms", "1500", "simulated Ittybit processing time"},
          new String[] {"front-door", "0.01", "share of attempts that never reach the handler"},
          new String[] {"rate-limited", "0.05", "share of creates answered 429"},
          new String[] {"server-errors", "0.02", "share of creates answered 5xx"},
          new String[] {"unavailable", "0", "share of inputs whose every create is answered 503"},
          new String[] {"rejected", "0.02", "share of inputs Ittybit rejects with 400"},
          new String[] {"failed", "0.03", "share of jobs that fail"},
          new String[] {"lost-answers", "0.02", "share of creates whose job is made, answer lost"},
          new String[] {"duplicate-webhooks", "0.10", "share of webhooks delivered twice"},
          new String[] {"lost-webhooks", "0", "share of jobs whose webhook never comes"},
          new String[] {"forged-webhooks", "0.01", "share of jobs followed by a forged webhook"},
          new String[] {"webhook-outage", "0", "seconds the webhook endpoint is down"},
          new String[] {"webhook-outage-after", "5", "seconds after the first job it goes down"},
          new String[] {"timeout", "900", "give up waiting after this many seconds"},
          new String[] {"data-dir", "ittybatch-data", "where the DuckDB file and log go"},
          new String[] {"strict", null, "refuse the manifest if any line is invalid"},
          new String[] {"status-port", "0", "the status page's loopback port (0: any free one)"},
          new String[] {"keep-open", null, "keep the status page open after the run, until Ctrl-C"},
          new String[] {
            "media-dir",
            "",
            "your own media: a manifest is made from this folder, served as a bucket that checks"
                + " every signed URL; outcome faults default to 0"
          },
          new String[] {"media-options", "", "with --media-dir: a JSON file of options per kind"},
          new String[] {
            "notify-url",
            "",
            "post the batch's done and stuck notices there (default: a receiver here prints them)"
          },
          new String[] {
            "pause-after",
            "",
            "pause the batch once N entries have an outcome, and resume it 3 s later"
          },
          new String[] {"cancel-after", "", "cancel the batch once N entries have an outcome"},
          new String[] {
            "transcode", null, "run ffmpeg on each fetched input (default with --media-dir)"
          });

  /** With real media, outcomes come from ffmpeg: these simulated fates are off unless asked for. */
  private static final List<String> OUTCOME_FAULTS =
      List.of("unavailable", "rejected", "failed", "lost-webhooks", "forged-webhooks");

  /** The usage, from the table above: --help prints it, a usage error prints it after the line. */
  static Usage usage() {
    List<Usage.Option> options = new ArrayList<>();
    for (String[] option : OPTIONS) {
      String fallback =
          option[1] == null || option[1].isEmpty() ? "" : " (default " + option[1] + ")";
      options.add(
          new Usage.Option(option[0], option[1] == null ? null : "X", option[2] + fallback));
    }
    options.add(new Usage.Option("help", null, "print this and exit"));
    return new Usage(
        "run-local",
        List.of(
            new Usage.Mode(
                "MANIFEST [options]",
                "run the batch through the whole pipeline on this machine, then print its"
                    + " progress queries"),
            new Usage.Mode(
                "--media-dir=DIR [options]",
                "the same, for a manifest made from a folder of your own media, transcoded for"
                    + " real"),
            new Usage.Mode("--help", "print this and exit")),
        options,
        List.of(
            new Usage.Variable(
                FfmpegPrograms.FFMPEG,
                "the ffmpeg to transcode with (default: the one from Maven, org.bytedeco:ffmpeg)"),
            new Usage.Variable(
                FfmpegPrograms.FFPROBE,
                "the ffprobe to measure outputs with (default: the one from Maven)")),
        Map.of(),
        List.of(
            "exit codes: 0 every entry has an outcome; 1 some have none after waiting, or a stand-in"
                + " failed;",
            "2 usage error, or a manifest or media folder that cannot be read; 130 interrupted."));
  }

  /** The option names the parser accepts: the table's, and help. */
  static Set<String> optionNames() {
    return usage().optionNames();
  }

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
      if (!optionNames().contains(given)) {
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
    return OPTIONS.stream()
        .filter(option -> option[0].equals(name))
        .findFirst()
        .map(option -> option[1])
        .orElseThrow();
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
