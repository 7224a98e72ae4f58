package dev.ittybatch.local.run;

import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.local.ittybit.FfmpegPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run-local}'s options, each with its default and meaning stated once, and its usage text.
 */
final class RunLocalUsage {

  private RunLocalUsage() {}

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

  /** An option's default as the table states it: null for a flag, empty for none. */
  static String defaultOf(String name) {
    return OPTIONS.stream()
        .filter(option -> option[0].equals(name))
        .findFirst()
        .map(option -> option[1])
        .orElseThrow();
  }
}
