package dev.ittybatch.local.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object's bytes ({@code alt=media}), whole or a {@code Range}, with the headers the client's
 * reader takes its metadata from (x-goog-generation, x-goog-metageneration,
 * x-goog-stored-content-length, x-goog-stored-content-encoding, x-goog-storage-class, content-type,
 * etag: GCS/ApiaryUnbufferedReadableByteChannel.java L176-229). A range past the end answers 416,
 * which the reader takes as the end of the object.
 */
final class Media {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private Media() {}

  static void send(Request request, Blob blob, Hashes hashes) throws IOException {
    var headers = request.http.getResponseHeaders();
    headers.set("x-goog-generation", Long.toString(blob.generation()));
    headers.set("x-goog-metageneration", Long.toString(blob.metageneration()));
    headers.set("x-goog-stored-content-length", Long.toString(blob.size()));
    headers.set("x-goog-stored-content-encoding", "identity");
    headers.set("x-goog-storage-class", "STANDARD");
    headers.set("x-goog-hash", "crc32c=" + hashes.crc32c() + ",md5=" + hashes.md5());
    headers.set("ETag", ObjectJson.etag(blob));
    headers.set("Accept-Ranges", "bytes");
    headers.set("Content-Type", blob.contentType());
    long size = blob.size();
    long first = 0;
    long last = size - 1;
    int status = 200;
    String range = request.header("Range");
    if (range != null) {
      Matcher m = RANGE.matcher(range.strip());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        throw GcsError.invalid("Invalid Range header: " + range);
      }
      if (m.group(1).isEmpty()) {
        first = Math.max(0, size - Long.parseLong(m.group(2)));
      } else {
        first = Long.parseLong(m.group(1));
        last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
      }
      if (first >= size || first > last) {
        throw GcsError.rangeNotSatisfiable();
      }
      status = 206;
      headers.set("Content-Range", "bytes " + first + "-" + last + "/" + size);
    }
    long length = size == 0 ? 0 : last - first + 1;
    if (request.http.getRequestMethod().equals("HEAD")) {
      request.http.sendResponseHeaders(status, -1);
      return;
    }
    request.http.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length == 0) {
      return;
    }
    try (InputStream in = blob.open();
        OutputStream out = request.http.getResponseBody()) {
      in.skipNBytes(first);
      long left = length;
      byte[] buffer = new byte[64 * 1024];
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
