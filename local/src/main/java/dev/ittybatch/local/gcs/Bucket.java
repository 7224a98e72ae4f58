package dev.ittybatch.local.gcs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A bucket: objects held in memory and, when it serves a folder, the folder's files as objects
 * ({@code a/b.mov} is {@code folder/a/b.mov}). Uploads go to the folder when the name can be a file
 * there, so ledger files and rejects reports can be read there afterwards; names no file system can
 * hold ({@code a//b}, {@code ../x}) stay in memory, and never name some other file.
 */
final class Bucket {

  final String name;
  final String location;
  private final Path folder;
  private final Map<String, Blob> memory = new ConcurrentHashMap<>();

  /** What an upload made of a file, so its generation holds while the file is unchanged. */
  private final Map<String, Blob> uploaded = new ConcurrentHashMap<>();

  Bucket(String name, String location, Path folder) {
    this.name = name;
    this.location = location;
    this.folder = folder == null ? null : folder.toAbsolutePath().normalize();
  }

  synchronized Blob get(String object) throws IOException {
    Blob held = memory.get(object);
    if (held != null) {
      return held;
    }
    Path file = file(object);
    if (file == null || !Files.isRegularFile(file)) {
      return null;
    }
    long size = Files.size(file);
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    Blob known = uploaded.get(object);
    if (known != null && known.size() == size && known.updated().equals(modified)) {
      return known;
    }
    long generation = modified.getEpochSecond() * 1_000_000L + modified.getNano() / 1000;
    return new Blob(
        name,
        object,
        size,
        generation,
        1,
        "application/octet-stream",
        modified,
        modified,
        null,
        file);
  }

  /** Holds an object in memory, whatever the folder holds (a test's objects). */
  void hold(Blob blob) {
    memory.put(blob.name(), blob);
  }

  /** Stores an upload: in the folder when it can be a file there, else in memory. */
  synchronized Blob store(Blob blob) throws IOException {
    Path file = file(blob.name());
    if (file == null) {
      memory.put(blob.name(), blob);
      return blob;
    }
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), ".upload-", ".tmp");
    Files.write(temporary, blob.content());
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    memory.remove(blob.name());
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    Blob stored =
        new Blob(
            name,
            blob.name(),
            blob.size(),
            blob.generation(),
            blob.metageneration(),
            blob.contentType(),
            blob.created(),
            modified,
            null,
            file);
    uploaded.put(blob.name(), stored);
    return stored;
  }

  synchronized boolean delete(String object) throws IOException {
    if (memory.remove(object) != null) {
      return true;
    }
    uploaded.remove(object);
    Path file = file(object);
    return file != null && Files.deleteIfExists(file);
  }

  /** Every object name, in lexicographic order (objects/list orders them so). */
  synchronized NavigableSet<String> names() throws IOException {
    NavigableSet<String> names = new TreeSet<>(memory.keySet());
    if (folder != null && Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.walk(folder)) {
        files
            .filter(Files::isRegularFile)
            .filter(file -> !file.getFileName().toString().startsWith(".upload-"))
            .map(file -> folder.relativize(file).toString().replace(File.separatorChar, '/'))
            .forEach(names::add);
      }
    }
    return names;
  }

  /**
   * The file an object name is in the folder, or null: in Cloud Storage "a/../b" and "a//b" are
   * names like any other, which a folder cannot hold.
   */
  private Path file(String object) {
    if (folder == null || object.isEmpty() || object.endsWith("/")) {
      return null;
    }
    for (String segment : object.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    Path file = folder.resolve(object).normalize();
    return file.startsWith(folder) ? file : null;
  }
}
