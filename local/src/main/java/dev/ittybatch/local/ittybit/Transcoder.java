package dev.ittybatch.local.ittybit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Does what an Ittybit job does, with the {@code ffmpeg} that {@link FfmpegPrograms} finds: the
 * job's options (format, codec, size and fit, fps, bitrate, quality, start and end, an image's
 * frame time) become ffmpeg arguments, and the output is measured with {@code ffprobe}. A file
 * ffmpeg cannot decode fails the job with the decoder's own words, and a codec this ffmpeg has no
 * encoder for fails it saying so.
 */
public final class Transcoder {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long TIMEOUT_SECONDS = 300;

  /** What came out: the file and what ffprobe says of it. */
  public record Output(Path file, String format, Long width, Long height, Double duration) {}

  /** ffmpeg could not make the output; {@code reason} is its last words. */
  public static final class Failure extends Exception {
    public Failure(String reason) {
      super(reason);
    }
  }

  private final Path outputs;
  private FfmpegPrograms programs;

  /**
   * With the programs {@link FfmpegPrograms#find()} finds, looked up at the first job: a job run
   * where they cannot start fails with the reason.
   *
   * @param outputs the folder outputs are written to (and served from)
   */
  public Transcoder(Path outputs) {
    this(outputs, null);
  }

  public Transcoder(Path outputs, FfmpegPrograms programs) {
    this.outputs = outputs;
    this.programs = programs;
  }

  private synchronized FfmpegPrograms programs() throws Failure {
    if (programs == null) {
      try {
        programs = FfmpegPrograms.find();
      } catch (FfmpegPrograms.Unavailable e) {
        throw new Failure(e.getMessage());
      }
    }
    return programs;
  }

  public Output transcode(String jobId, String kind, JsonNode options, Path input)
      throws Failure, IOException {
    FfmpegPrograms programs = programs();
    Files.createDirectories(outputs);
    String format = options.path("format").asString(SimulatedJobs.defaultFormat(kind));
    Path out = outputs.resolve(jobId + "." + extension(format));
    List<String> command =
        new ArrayList<>(List.of(programs.ffmpeg().toString(), "-nostdin", "-v", "error", "-y"));
    // start seeks the input (for an image: the frame to take); end is measured from the input's
    // start, so the output lasts end - start.
    double start = options.path("start").isNumber() ? options.get("start").asDouble() : 0;
    if (start > 0) {
      command.addAll(List.of("-ss", String.valueOf(start)));
    }
    command.addAll(List.of("-i", input.toString()));
    if (options.path("end").isNumber() && !kind.equals("image")) {
      command.addAll(List.of("-t", String.valueOf(options.get("end").asDouble() - start)));
    }
    String scale = FfmpegArguments.scale(options);
    switch (kind) {
      case "audio" -> {
        command.add("-vn");
        if (options.has("bitrate")) {
          command.addAll(List.of("-b:a", FfmpegArguments.bitrate(options.get("bitrate"))));
        }
      }
      case "image" -> {
        command.addAll(List.of("-frames:v", "1", "-update", "1"));
        if (scale != null) {
          command.addAll(List.of("-vf", scale));
        }
        command.addAll(List.of("-q:v", String.valueOf(FfmpegArguments.imageQuality(options))));
      }
      case "animation" -> {
        String filter = "fps=" + options.path("fps").asString("10");
        command.addAll(
            List.of("-t", "5", "-an", "-vf", scale == null ? filter : filter + "," + scale));
      }
      case "adaptive_video" -> {
        command.addAll(FfmpegArguments.video(options, scale, programs.encoders()));
        command.addAll(List.of("-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod"));
      }
      default -> command.addAll(FfmpegArguments.video(options, scale, programs.encoders()));
    }
    command.add(out.toString());
    Result result = run(command, TIMEOUT_SECONDS);
    if (result.exit() != 0 || !Files.isRegularFile(out)) {
      throw new Failure(lastLine(result.output(), "ffmpeg exited " + result.exit()));
    }
    return probe(programs, out, format);
  }

  private static String extension(String format) {
    return switch (format) {
      case "hls" -> "m3u8";
      case "jpeg" -> "jpg";
      case "aac" -> "m4a";
      default -> format;
    };
  }

  private static Output probe(FfmpegPrograms programs, Path file, String format)
      throws Failure, IOException {
    Result result =
        run(
            List.of(
                programs.ffprobe().toString(),
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                file.toString()),
            60);
    if (result.exit() != 0) {
      throw new Failure(lastLine(result.output(), "ffprobe exited " + result.exit()));
    }
    JsonNode probe = JSON.readTree(result.output());
    Long width = null;
    Long height = null;
    for (JsonNode stream : probe.path("streams")) {
      if (stream.path("codec_type").asString().equals("video") && stream.has("width")) {
        width = stream.get("width").asLong();
        height = stream.get("height").asLong();
        break;
      }
    }
    Double duration = null;
    String text = probe.path("format").path("duration").asString(null);
    if (text != null
        && !format.equals("jpeg")
        && !format.equals("png")
        && !format.equals("webp")
        && !format.equals("avif")) {
      duration = Double.parseDouble(text);
    }
    return new Output(file, format, width, height, duration);
  }

  private static String lastLine(String output, String otherwise) {
    String[] lines = output.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? otherwise : last;
  }

  /** A finished command: its exit code and what it printed. */
  public record Result(int exit, String output) {}

  /** Runs a command (ffmpeg, ffprobe) to its end or the timeout. */
  public static Result run(List<String> command, long timeoutSeconds) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
