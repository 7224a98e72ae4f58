package dev.ittybatch.local.gcs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resumable upload session (GCS/JsonResumableSessionPutTask.java L97-240; performing-resumable-
 * uploads): chunks {@code bytes a-b/*} answered 308 with {@code Range: bytes=0-last}; the final one
 * {@code bytes a-b/total} (or {@code bytes *}{@code /total} when empty) answered 200 with the
 * object; {@code bytes *}{@code /*} asks how much has arrived (308, with no Range before any byte:
 * fake-gcs-server#1149, #1362 got these wrong). A chunk other than the last is kept only up to a
 * multiple of 256 KiB, and the Range says so (unconfirmed); the client sends multiples anyway.
 */
final class ResumableSession {

  private static final int QUANTUM = 256 * 1024;
  private static final Pattern RANGE = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)");

  private final Uploads uploads;
  private final String identity;
  private final Bucket bucket;
  private final String name;
  private final String contentType;
  private final Preconditions preconditions;
  private final JsonNode metadata;
  private final String declaredLength;
  private final JsonMapper json;
  private final String baseUrl;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private Blob finished;

  ResumableSession(
      Uploads uploads,
      String identity,
      Bucket bucket,
      String name,
      String contentType,
      Preconditions preconditions,
      JsonNode metadata,
      String declaredLength,
      JsonMapper json,
      String baseUrl) {
    this.uploads = uploads;
    this.identity = identity;
    this.bucket = bucket;
    this.name = name;
    this.contentType = contentType;
    this.preconditions = preconditions;
    this.metadata = metadata;
    this.declaredLength = declaredLength;
    this.json = json;
    this.baseUrl = baseUrl;
  }

  synchronized void put(Request request) throws IOException {
    byte[] chunk = request.body();
    if (finished != null) {
      request.json(
          200,
          ObjectJson.resource(json, finished, uploads.store().hashes.of(finished), baseUrl),
          json);
      return;
    }
    String header = request.header("Content-Range");
    Matcher m = header == null ? null : RANGE.matcher(header.strip());
    if (m == null || !m.matches()) {
      throw GcsError.invalid("Invalid Content-Range: " + header);
    }
    Long total = m.group(4).equals("*") ? null : Long.parseLong(m.group(4));
    if (m.group(1).equals("*")) {
      if (chunk.length > 0) {
        throw GcsError.invalid("A Content-Range of bytes */... carries no bytes");
      }
    } else {
      long first = Long.parseLong(m.group(2));
      long last = Long.parseLong(m.group(3));
      if (last < first || last - first + 1 != chunk.length) {
        throw GcsError.invalid(
            "Content-Range " + header + " does not match the " + chunk.length + " bytes sent");
      }
      long have = received.size();
      if (first > have) {
        throw GcsError.invalid(
            "Content-Range " + header + " starts past the " + have + " bytes received");
      }
      int skip = (int) (have - first);
      if (skip < chunk.length) {
        int keep = chunk.length - skip;
        boolean completes = total != null && first + chunk.length == total;
        if (!completes) {
          keep = (int) (((have + keep) / QUANTUM) * QUANTUM - have);
        }
        if (keep > 0) {
          received.write(chunk, skip, keep);
        }
      }
    }
    if (total != null && received.size() == total) {
      finish(request);
      return;
    }
    if (total != null && received.size() > total) {
      throw GcsError.invalid("More bytes arrived than the total " + total);
    }
    if (received.size() > 0) {
      request.http.getResponseHeaders().set("Range", "bytes=0-" + (received.size() - 1));
    }
    request.send(308, null, new byte[0]);
  }

  private void finish(Request request) throws IOException {
    byte[] content = received.toByteArray();
    if (declaredLength != null && !declaredLength.equals(Long.toString(content.length))) {
      throw GcsError.invalid(
          "X-Upload-Content-Length was "
              + declaredLength
              + " but "
              + content.length
              + " bytes arrived");
    }
    String hash = request.header("x-goog-hash");
    String crc32c = metadata.path("crc32c").asString(null);
    String md5 = metadata.path("md5Hash").asString(null);
    if (hash != null) {
      for (String part : hash.split(",")) {
        String p = part.strip();
        if (p.startsWith("crc32c=")) {
          crc32c = p.substring("crc32c=".length());
        } else if (p.startsWith("md5=")) {
          md5 = p.substring("md5=".length());
        }
      }
    }
    Uploads.checkHashes(crc32c, md5, content);
    finished = uploads.write(identity, bucket, name, content, contentType, preconditions);
    request.json(
        200,
        ObjectJson.resource(json, finished, uploads.store().hashes.of(finished), baseUrl),
        json);
  }
}
