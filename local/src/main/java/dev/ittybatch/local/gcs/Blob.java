package dev.ittybatch.local.gcs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * An object's metadata, and its content in memory or in a file of a served folder. Generations are
 * microsecond timestamps, as Cloud Storage's are, and change with every write; the metageneration
 * starts at 1.
 *
 * @param content the bytes, or null when they are in {@code file}
 */
record Blob(
    String bucket,
    String name,
    long size,
    long generation,
    long metageneration,
    String contentType,
    Instant created,
    Instant updated,
    byte[] content,
    Path file) {

  static Blob inMemory(
      String bucket, String name, byte[] content, long generation, String contentType, Instant at) {
    return new Blob(
        bucket, name, content.length, generation, 1, contentType, at, at, content, null);
  }

  InputStream open() throws IOException {
    return content != null ? new ByteArrayInputStream(content) : Files.newInputStream(file);
  }

  byte[] bytes() throws IOException {
    return content != null ? content : Files.readAllBytes(file);
  }
}
