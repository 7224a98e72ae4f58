package dev.ittybatch.local.ittybit;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Ittybit's job options as ffmpeg arguments: codec, quality, bitrate, frame rate, size and fit. */
final class FfmpegArguments {

  private FfmpegArguments() {}

  static List<String> video(JsonNode options, String scale) {
    List<String> args = new ArrayList<>();
    String format = options.path("format").asString("mp4");
    String codec =
        switch (options.path("codec").asString(format.equals("webm") ? "vp9" : "h264")) {
          case "h265" -> "libx265";
          case "vp9" -> "libvpx-vp9";
          case "av1" -> "libaom-av1";
          default -> "libx264";
        };
    args.addAll(List.of("-c:v", codec, "-pix_fmt", "yuv420p"));
    if (codec.equals("libx264") || codec.equals("libx265")) {
      args.addAll(List.of("-preset", "veryfast"));
    }
    if (codec.equals("libaom-av1")) {
      args.addAll(List.of("-cpu-used", "8", "-row-mt", "1"));
    }
    if (options.has("bitrate")) {
      args.addAll(List.of("-b:v", bitrate(options.get("bitrate"))));
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
