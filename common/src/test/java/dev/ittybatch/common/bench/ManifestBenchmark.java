package dev.ittybatch.common.bench;

import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and validates a generated manifest and prints lines/s and peak heap. Run through {@code
 * bench/manifest.sh}, which sets a small heap so a leak would fail loudly.
 */
public final class ManifestBenchmark {

  private static final String[] KINDS = {"video", "audio", "image", "animation", "adaptive_video"};
  private static final String[] OPTIONS = {
    "{\"width\":1920,\"format\":\"mp4\",\"quality\":\"high\"}",
    "{\"format\":\"mp3\",\"bitrate\":128000}",
    "{\"width\":\"50%\",\"format\":\"webp\"}",
    "{\"format\":\"gif\",\"width\":480}",
    "{\"format\":\"hls\",\"height\":720}"
  };

  public static void main(String[] args) throws IOException {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean gzip = args.length > 1 && args[1].equals("gz");
    System.exit(run(lines, gzip, 3) ? 0 : 1);
  }

  /**
   * @return true when every round read every generated line, and found exactly the typos made
   */
  public static boolean run(int lines, boolean gzip, int rounds) throws IOException {
    boolean ok = true;
    Path file = Path.of("target", "bench-manifest-" + lines + (gzip ? ".jsonl.gz" : ".jsonl"));
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      generate(file, lines, gzip);
    }
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      ManifestReport report;
      try (InputStream in = Files.newInputStream(file)) {
        report = ManifestReport.of(ManifestReader.open(in, file.toString()), 10);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "round %d: %,d lines (%,d valid, %,d invalid) in %.2f s = %,.0f lines/s; peak heap %,d MiB"
              + " (max %,d MiB)%n",
          round,
          report.lines(),
          report.valid(),
          report.invalid(),
          seconds,
          report.lines() / seconds,
          Heap.peakBytes() / (1024 * 1024),
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
      // One line in a thousand carries a typo on purpose, so the error path is measured too.
      long invalid = lines / 1000;
      ok &=
          report.lines() == lines
              && report.invalid() == invalid
              && report.valid() == lines - invalid;
    }
    return ok;
  }

  private static void generate(Path file, int lines, boolean gzip) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out =
            new BufferedOutputStream(gzip ? new GZIPOutputStream(raw) : raw, 1 << 16)) {
      for (int i = 0; i < lines; i++) {
        int k = i % KINDS.length;
        String line =
            "{\"path\":\"gs://media-library/"
                + KINDS[k]
                + "/"
                + String.format("%07d", i)
                + ".bin\",\"kind\":\""
                + (i % 1000 == 999 ? "vidoe" : KINDS[k])
                + "\",\"options\":"
                + OPTIONS[k]
                + "}\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
