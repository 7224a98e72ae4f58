package dev.ittybatch.local.gcs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@code multipart/related} body: the object's metadata (JSON) then its bytes, each part with its
 * headers, as the client's MultipartContent writes it (HTTP/http/MultipartContent.java).
 */
final class Multipart {

  /** A part: its Content-Type (lower case, or "") and its bytes. */
  record Part(String contentType, byte[] content) {}

  private Multipart() {}

  static List<Part> parts(String contentType, byte[] body) {
    String boundary = null;
    for (String parameter : contentType == null ? new String[0] : contentType.split(";")) {
      String p = parameter.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        boundary = p.substring("boundary=".length()).replace("\"", "");
      }
    }
    if (boundary == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
      throw GcsError.invalid(
          "A multipart upload needs Content-Type multipart/related with a boundary");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        return parts;
      }
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        break;
      }
      parts.add(part(Arrays.copyOfRange(body, skipLineEnd(body, start), trimLineEnd(body, next))));
      at = next;
    }
    throw GcsError.invalid("The multipart body does not end with its closing boundary");
  }

  private static Part part(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (split < 0) {
      throw GcsError.invalid("A multipart part has no blank line after its headers");
    }
    String type = "";
    for (String line : new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Type")) {
        type = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      }
    }
    return new Part(type, Arrays.copyOfRange(raw, split + 4, raw.length));
  }

  private static int skipLineEnd(byte[] body, int at) {
    return at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n' ? at + 2 : at;
  }

  private static int trimLineEnd(byte[] body, int at) {
    return at >= 2 && body[at - 2] == '\r' && body[at - 1] == '\n' ? at - 2 : at;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
