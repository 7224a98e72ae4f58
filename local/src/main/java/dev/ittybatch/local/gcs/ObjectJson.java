package dev.ittybatch.local.gcs;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The object resource: generation, metageneration and size are strings ({@code @JsonString} in the
 * StorageObject model), crc32c and md5Hash base64, times RFC 3339 (objects resource reference).
 */
final class ObjectJson {

  private ObjectJson() {}

  static ObjectNode resource(JsonMapper json, Blob blob, Hashes hashes, String baseUrl)
      throws IOException {
    String encoded = Request.encode(blob.name());
    ObjectNode object = json.createObjectNode();
    object.put("kind", "storage#object");
    object.put("id", blob.bucket() + "/" + blob.name() + "/" + blob.generation());
    object.put("selfLink", baseUrl + "/storage/v1/b/" + blob.bucket() + "/o/" + encoded);
    object.put(
        "mediaLink",
        baseUrl
            + "/download/storage/v1/b/"
            + blob.bucket()
            + "/o/"
            + encoded
            + "?generation="
            + blob.generation()
            + "&alt=media");
    object.put("name", blob.name());
    object.put("bucket", blob.bucket());
    object.put("generation", Long.toString(blob.generation()));
    object.put("metageneration", Long.toString(blob.metageneration()));
    object.put("contentType", blob.contentType());
    object.put("storageClass", "STANDARD");
    object.put("size", Long.toString(blob.size()));
    object.put("md5Hash", hashes.md5());
    object.put("crc32c", hashes.crc32c());
    object.put("etag", etag(blob));
    object.put("timeCreated", time(blob.created()));
    object.put("updated", time(blob.updated()));
    object.put("timeStorageClassUpdated", time(blob.created()));
    return object;
  }

  static String etag(Blob blob) {
    return "C" + Long.toHexString(blob.generation()) + "/" + blob.metageneration();
  }

  private static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(
        instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }
}
