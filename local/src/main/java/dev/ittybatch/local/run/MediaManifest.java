package dev.ittybatch.local.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a manifest from a folder of media: every file whose extension names a kind becomes an entry
 * {@code gs://local-media/RELATIVE/PATH} with that kind's options (built-in defaults, or a JSON
 * file of options per kind). Other files are listed and left out.
 */
final class MediaManifest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Map<String, String> KIND_BY_EXTENSION =
      Map.ofEntries(
          Map.entry("mp4", "video"),
          Map.entry("mov", "video"),
          Map.entry("mkv", "video"),
          Map.entry("webm", "video"),
          Map.entry("avi", "video"),
          Map.entry("m4v", "video"),
          Map.entry("mp3", "audio"),
          Map.entry("wav", "audio"),
          Map.entry("m4a", "audio"),
          Map.entry("aac", "audio"),
          Map.entry("flac", "audio"),
          Map.entry("ogg", "audio"),
          Map.entry("opus", "audio"),
          Map.entry("jpg", "image"),
          Map.entry("jpeg", "image"),
          Map.entry("png", "image"),
          Map.entry("webp", "image"),
          Map.entry("tif", "image"),
          Map.entry("tiff", "image"),
          Map.entry("bmp", "image"),
          Map.entry("gif", "animation"));

  /** Small outputs that are quick to make: a preview of the library, not its final renditions. */
  private static final String DEFAULTS =
      "{\"video\":{\"format\":\"mp4\",\"width\":640,\"quality\":\"medium\"},"
          + "\"audio\":{\"format\":\"mp3\",\"quality\":\"medium\"},"
          + "\"image\":{\"format\":\"webp\",\"width\":640},"
          + "\"animation\":{\"format\":\"gif\",\"width\":320}}";

  record Made(Path manifest, int entries, List<String> skipped) {}

  private MediaManifest() {}

  static Made write(Path folder, Path optionsFile, Path manifest, String bucket)
      throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException(folder + " is not a folder");
    }
    JsonNode options = JSON.readTree(DEFAULTS);
    if (optionsFile != null) {
      JsonNode given = JSON.readTree(Files.readString(optionsFile));
      if (!given.isObject()) {
        throw new IOException(optionsFile + ": expected {\"video\": {...}, \"image\": {...}}");
      }
      ((ObjectNode) options).setAll((ObjectNode) given);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    List<String> skipped = new ArrayList<>();
    int entries = 0;
    Files.createDirectories(manifest.toAbsolutePath().getParent());
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (Path file : files) {
        String relative = folder.relativize(file).toString().replace('\\', '/');
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String kind =
            dot < 0
                ? null
                : KIND_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (kind == null || name.startsWith(".")) {
          skipped.add(relative);
          continue;
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("path", "gs://" + bucket + "/" + relative);
        entry.put("kind", kind);
        if (options.path(kind).isObject()) {
          entry.set("options", options.get(kind));
        }
        out.write(JSON.writeValueAsString(entry));
        out.write('\n');
        entries++;
      }
    }
    return new Made(manifest, entries, skipped);
  }
}
