package dev.ittybatch.local.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * An object's CRC32C and MD5, base64 as the JSON API writes them (crc32c: the big-endian uint32).
 */
record Hashes(String crc32c, String md5) {

  /** Hashes remembered per generation, so a large media file is read once for them. */
  static final class Cache {
    private final Map<String, Hashes> known =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Hashes> eldest) {
            return size() > 10_000;
          }
        };

    Hashes of(Blob blob) throws IOException {
      String key = blob.bucket() + "/" + blob.name() + "#" + blob.generation() + "/" + blob.size();
      synchronized (known) {
        Hashes hashes = known.get(key);
        if (hashes != null) {
          return hashes;
        }
      }
      Hashes hashes = compute(blob);
      synchronized (known) {
        known.put(key, hashes);
      }
      return hashes;
    }
  }

  static Hashes compute(Blob blob) throws IOException {
    CRC32C crc = new CRC32C();
    MessageDigest md5 = md5Digest();
    try (InputStream in = blob.open()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
        md5.update(buffer, 0, n);
      }
    }
    return new Hashes(crc32c(crc.getValue()), Base64.getEncoder().encodeToString(md5.digest()));
  }

  static String crc32cOf(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return crc32c(crc.getValue());
  }

  static String md5Of(byte[] content) {
    return Base64.getEncoder().encodeToString(md5Digest().digest(content));
  }

  private static String crc32c(long value) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) value).array());
  }

  private static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}
