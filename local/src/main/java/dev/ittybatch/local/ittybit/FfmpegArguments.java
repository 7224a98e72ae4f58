package dev.ittybatch.local.ittybit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Ittybit's job options as ffmpeg arguments: codec, quality, bitrate, frame rate, size and fit. */
final class FfmpegArguments {

  private FfmpegArguments() {}

  /**
   * @param encoders what this ffmpeg can encode with
   * @throws Transcoder.Failure when it has no encoder for the codec asked for: the job fails with
   *     that reason rather than quietly getting another codec
   */
  static List<String> video(JsonNode options, String scale, Set<String> encoders)
      throws Transcoder.Failure {
    List<String> args = new ArrayList<>();
    String format = options.path("format").asString("mp4");
    String wanted = options.path("codec").asString(format.equals("webm") ? "vp9" : "h264");
    String codec = encoder(wanted, encoders);
    args.addAll(List.of("-c:v", codec, "-pix_fmt", "yuv420p"));
    if (codec.equals("libx264") || codec.equals("libx265")) {
      args.addAll(List.of("-preset", "veryfast"));
    }
    if (codec.equals("libaom-av1")) {
      args.addAll(List.of("-cpu-used", "8", "-row-mt", "1"));
    }
    if (options.has("bitrate")) {
      args.addAll(List.of("-b:v", bitrate(options.get("bitrate"))));
    } else if (codec.equals("libopenh264")) {
      // OpenH264 has no constant-quality factor: a ceiling no clip reaches, with the quantizer
      // held to the range that quality's factor means, gives the same effect.
      int crf = crf(options);
      args.addAll(
          List.of("-b:v", "20M", "-qmin", String.valueOf(crf - 4), "-qmax", String.valueOf(crf)));
    } else {
      args.addAll(List.of("-crf", String.valueOf(crf(options))));
      if (codec.equals("libvpx-vp9") || codec.equals("libaom-av1")) {
        args.addAll(List.of("-b:v", "0"));
      }
    }
    if (options.path("fps").isNumber()) {
      args.addAll(List.of("-r", options.get("fps").asString()));
    }
    // Sizes must be even for 4:2:0 video.
    String even = "scale=trunc(iw/2)*2:trunc(ih/2)*2";
    args.addAll(List.of("-vf", scale == null ? even : scale + "," + even));
    return args;
  }

  /**
   * The encoder for an Ittybit codec name: for H.264, x264 where the build has it (a GPL build,
   * such as Debian's), else OpenH264 (the LGPL build from Maven has only that one).
   */
  static String encoder(String codec, Set<String> encoders) throws Transcoder.Failure {
    List<String> candidates =
        switch (codec) {
          case "h265" -> List.of("libx265");
          case "vp9" -> List.of("libvpx-vp9");
          case "av1" -> List.of("libaom-av1", "libsvtav1");
          default -> List.of("libx264", "libopenh264");
        };
    return candidates.stream()
        .filter(encoders::contains)
        .findFirst()
        .orElseThrow(
            () ->
                new Transcoder.Failure(
                    "this ffmpeg has no encoder for codec "
                        + codec
                        + " (none of "
                        + String.join(", ", candidates)
                        + "); set FFMPEG to a build that has one"));
  }

  /**
   * width/height with fit: contain (default) keeps the aspect ratio inside the box, cover crops.
   */
  static String scale(JsonNode options) {
    boolean width = options.path("width").isNumber();
    boolean height = options.path("height").isNumber();
    if (!width && !height) {
      return null;
    }
    String w = width ? options.get("width").asString() : "-2";
    String h = height ? options.get("height").asString() : "-2";
    if (!width || !height) {
      return "scale=" + w + ":" + h;
    }
    return switch (options.path("fit").asString("contain")) {
      case "fill" -> "scale=" + w + ":" + h;
      case "cover" ->
          "scale=" + w + ":" + h + ":force_original_aspect_ratio=increase,crop=" + w + ":" + h;
      default -> "scale=" + w + ":" + h + ":force_original_aspect_ratio=decrease";
    };
  }

  static int crf(JsonNode options) {
    return switch (options.path("quality").asString("medium")) {
      case "very_low" -> 38;
      case "low" -> 32;
      case "high" -> 22;
      case "very_high" -> 18;
      default -> 27;
    };
  }

  static int imageQuality(JsonNode options) {
    return switch (options.path("quality").asString("medium")) {
      case "very_low" -> 20;
      case "low" -> 12;
      case "high" -> 3;
      case "very_high" -> 2;
      default -> 6;
    };
  }

  static String bitrate(JsonNode value) {
    return value.isNumber() ? value.asLong() + "" : value.asString();
  }
}
