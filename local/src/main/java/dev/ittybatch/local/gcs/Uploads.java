package dev.ittybatch.local.gcs;

import dev.ittybatch.local.iam.Resources;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * objects.insert: {@code uploadType=multipart} and {@code media} in one request, {@code resumable}
 * in a session ({@link ResumableSession}). Creating needs storage.objects.create; replacing an
 * object needs storage.objects.delete as well ("to replace existing objects, both
 * storage.objects.create and storage.objects.delete are required", iam-permissions). A declared
 * crc32c or md5Hash that does not match the bytes is refused with 400 (python-storage#1541).
 */
final class Uploads {

  private final Store store;
  private final StorageAccess access;
  private final JsonMapper json;
  private final String baseUrl;
  private final Map<String, ResumableSession> sessions = new ConcurrentHashMap<>();

  Uploads(Store store, StorageAccess access, JsonMapper json, String baseUrl) {
    this.store = store;
    this.access = access;
    this.json = json;
    this.baseUrl = baseUrl;
  }

  /** {@code rest}: what follows {@code /upload/storage/v1/b/}. */
  void handle(Request request, String rest) throws IOException {
    int slash = rest.indexOf('/');
    if (slash < 0 || !rest.substring(slash).equals("/o")) {
      throw GcsError.notFound("Not Found");
    }
    String bucketName = Request.decode(rest.substring(0, slash));
    String type = request.query.getOrDefault("uploadType", "");
    String method = request.http.getRequestMethod();
    if (method.equals("PUT") && type.equals("resumable")) {
      ResumableSession session = sessions.get(request.query.getOrDefault("upload_id", ""));
      if (session == null) {
        throw GcsError.notFound("No such upload session");
      }
      session.put(request);
      return;
    }
    if (!method.equals("POST")) {
      throw GcsError.invalid("Method " + method + " is not served here");
    }
    String identity =
        access.caller(request.header("Authorization"), "storage.objects.create", "object");
    Bucket bucket = store.requireBucket(bucketName);
    switch (type) {
      case "multipart" -> multipart(request, identity, bucket);
      case "media" -> {
        String name = request.query.get("name");
        Blob blob =
            write(
                identity,
                bucket,
                name,
                request.body(),
                request.header("Content-Type"),
                Preconditions.of(request.query));
        request.json(200, ObjectJson.resource(json, blob, store.hashes.of(blob), baseUrl), json);
      }
      case "resumable" -> start(request, identity, bucket);
      default -> throw GcsError.invalid("Invalid uploadType: " + type);
    }
  }

  private void multipart(Request request, String identity, Bucket bucket) throws IOException {
    List<Multipart.Part> parts = Multipart.parts(request.header("Content-Type"), request.body());
    if (parts.size() != 2) {
      throw GcsError.invalid(
          "A multipart upload has two parts, metadata then media; this one has " + parts.size());
    }
    JsonNode metadata = metadata(parts.get(0).content());
    String name = metadata.path("name").asString(request.query.get("name"));
    byte[] content = parts.get(1).content();
    checkHashes(
        metadata.path("crc32c").asString(null), metadata.path("md5Hash").asString(null), content);
    String contentType = metadata.path("contentType").asString(parts.get(1).contentType());
    Blob blob =
        write(identity, bucket, name, content, contentType, Preconditions.of(request.query));
    request.json(200, ObjectJson.resource(json, blob, store.hashes.of(blob), baseUrl), json);
  }

  /**
   * Opens a session: exactly 200 with an absolute {@code Location}, which the client demands (a
   * relative one fails with "no protocol": java-storage#2034; fake-gcs-server#1281).
   */
  private void start(Request request, String identity, Bucket bucket) throws IOException {
    byte[] body = request.body();
    JsonNode metadata = body.length == 0 ? json.createObjectNode() : metadata(body);
    String name = request.query.getOrDefault("name", metadata.path("name").asString(null));
    Store.checkName(name);
    access.require(
        identity,
        "storage.objects.insert",
        "storage.objects.create",
        Resources.object(bucket.name, name),
        "object");
    Preconditions preconditions = Preconditions.of(request.query);
    preconditions.check(bucket.get(name));
    String contentType =
        metadata.path("contentType").asString(request.header("X-Upload-Content-Type"));
    String id = UUID.randomUUID().toString().replace("-", "");
    sessions.put(
        id,
        new ResumableSession(
            this,
            identity,
            bucket,
            name,
            contentType,
            preconditions,
            metadata,
            request.header("X-Upload-Content-Length"),
            json,
            baseUrl));
    request
        .http
        .getResponseHeaders()
        .set(
            "Location",
            baseUrl
                + "/upload/storage/v1/b/"
                + Request.encode(bucket.name)
                + "/o?uploadType=resumable&upload_id="
                + id);
    request.send(200, null, new byte[0]);
  }

  /** Writes an object for {@code identity}, checking names, preconditions and permissions. */
  Blob write(
      String identity,
      Bucket bucket,
      String name,
      byte[] content,
      String contentType,
      Preconditions preconditions)
      throws IOException {
    Store.checkName(name);
    String resource = Resources.object(bucket.name, name);
    access.require(
        identity, "storage.objects.insert", "storage.objects.create", resource, "object");
    return store.write(
        bucket,
        name,
        content,
        contentType,
        preconditions,
        () ->
            access.require(
                identity, "storage.objects.insert", "storage.objects.delete", resource, "object"));
  }

  Store store() {
    return store;
  }

  static void checkHashes(String crc32c, String md5, byte[] content) {
    if (crc32c != null) {
      String actual = Hashes.crc32cOf(content);
      if (!crc32c.equals(actual)) {
        throw GcsError.invalid(
            "Provided CRC32C \""
                + crc32c
                + "\" doesn't match calculated CRC32C \""
                + actual
                + "\".");
      }
    }
    if (md5 != null) {
      String actual = Hashes.md5Of(content);
      if (!md5.equals(actual)) {
        throw GcsError.invalid(
            "Provided MD5 hash \""
                + md5
                + "\" doesn't match calculated MD5 hash \""
                + actual
                + "\".");
      }
    }
  }

  private JsonNode metadata(byte[] content) {
    try {
      JsonNode metadata = json.readTree(content);
      if (!metadata.isObject()) {
        throw GcsError.invalid("The object metadata is not a JSON object");
      }
      return metadata;
    } catch (JacksonException e) {
      throw GcsError.invalid("The object metadata is not JSON: " + e.getOriginalMessage());
    }
  }
}
