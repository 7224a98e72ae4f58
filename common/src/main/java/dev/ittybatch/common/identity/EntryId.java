package dev.ittybatch.common.identity;

import dev.ittybatch.common.ittybit.MediaKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What one manifest entry is: a hash of its path, kind and options. The same file asked for with
 * the same options is the same entry, whichever line it is on and however its JSON is laid out.
 */
public record EntryId(String value) {

  private static final Pattern VALID = Pattern.compile("[0-9a-f]{32}");

  public EntryId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("entry id \"" + value + "\" is not 32 lowercase hex");
    }
  }

  /** The first 128 bits of SHA-256 over path, kind and canonical options. */
  public static EntryId of(String path, MediaKind kind, JsonNode options) {
    String material = path + '\n' + kind.wireName() + '\n' + CanonicalJson.write(options);
    return new EntryId(sha256Hex(material).substring(0, 32));
  }

  public static String sha256Hex(String material) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(material.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
