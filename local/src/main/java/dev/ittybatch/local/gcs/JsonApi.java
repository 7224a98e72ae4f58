package dev.ittybatch.local.gcs;

import dev.ittybatch.local.iam.Resources;
import java.io.IOException;
import java.util.NavigableSet;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON API reads: buckets.get, objects.get (metadata, or the bytes with {@code alt=media}),
 * objects.list and objects.delete, as google-cloud-storage calls them (HttpStorageRpc). The object
 * name is one path segment, decoded exactly once (fake-gcs-server#1014; a literal {@code %2F} in it
 * stays part of the name, floci-gcp#93).
 */
final class JsonApi {

  private static final int MAX_LIST = 1000;

  private final Store store;
  private final StorageAccess access;
  private final JsonMapper json;
  private final String baseUrl;

  JsonApi(Store store, StorageAccess access, JsonMapper json, String baseUrl) {
    this.store = store;
    this.access = access;
    this.json = json;
    this.baseUrl = baseUrl;
  }

  /** {@code rest}: what follows {@code /storage/v1/b/} (or {@code /download/storage/v1/b/}). */
  void handle(Request request, String rest, boolean download) throws IOException {
    int slash = rest.indexOf('/');
    String bucketName = Request.decode(slash < 0 ? rest : rest.substring(0, slash));
    String method = request.http.getRequestMethod();
    String authorization = request.header("Authorization");
    if (slash < 0 && method.equals("GET")) {
      String identity = access.caller(authorization, "storage.buckets.get", "bucket");
      access.require(
          identity,
          "storage.buckets.get",
          "storage.buckets.get",
          Resources.bucket(bucketName),
          "bucket");
      request.json(200, bucket(store.requireBucket(bucketName)), json);
      return;
    }
    String after = slash < 0 ? "" : rest.substring(slash);
    if (after.equals("/o") && method.equals("GET")) {
      String identity = access.caller(authorization, "storage.objects.list", "bucket");
      access.require(
          identity,
          "storage.objects.list",
          "storage.objects.list",
          Resources.bucket(bucketName),
          "bucket");
      request.json(200, list(store.requireBucket(bucketName), request), json);
      return;
    }
    if (!after.startsWith("/o/")) {
      throw GcsError.notFound("Not Found");
    }
    String name = Request.decode(after.substring(3));
    String resource = Resources.object(bucketName, name);
    if (method.equals("DELETE")) {
      String identity = access.caller(authorization, "storage.objects.delete", "object");
      access.require(
          identity, "storage.objects.delete", "storage.objects.delete", resource, "object");
      Bucket bucket = store.requireBucket(bucketName);
      synchronized (bucket) {
        Preconditions.of(request.query).check(existing(bucket, name));
        bucket.delete(name);
      }
      request.send(204, null, new byte[0]);
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw GcsError.invalid("Method " + method + " is not served here");
    }
    String identity = access.caller(authorization, "storage.objects.get", "object");
    access.require(identity, "storage.objects.get", "storage.objects.get", resource, "object");
    Blob blob = existing(store.requireBucket(bucketName), name);
    Preconditions.of(request.query).check(blob);
    String generation = request.query.get("generation");
    if (generation != null && !generation.equals(Long.toString(blob.generation()))) {
      throw GcsError.notFound("No such object: " + bucketName + "/" + name);
    }
    if (download || "media".equals(request.query.get("alt"))) {
      Media.send(request, blob, store.hashes.of(blob));
      return;
    }
    request.json(200, ObjectJson.resource(json, blob, store.hashes.of(blob), baseUrl), json);
  }

  private static Blob existing(Bucket bucket, String name) throws IOException {
    Blob blob = bucket.get(name);
    if (blob == null) {
      throw GcsError.notFound("No such object: " + bucket.name + "/" + name);
    }
    return blob;
  }

  /**
   * objects.list: names in lexicographic order from {@code startOffset} (or the page token) to
   * {@code endOffset}, with {@code prefix}; with a {@code delimiter}, what lies past the first
   * delimiter after the prefix is folded into {@code prefixes} (objects/list reference).
   */
  private ObjectNode list(Bucket bucket, Request request) throws IOException {
    if (request.query.containsKey("matchGlob")) {
      throw GcsError.invalid("matchGlob is not supported by the stand-in");
    }
    String prefix = request.query.getOrDefault("prefix", "");
    String delimiter = request.query.get("delimiter");
    String token = request.query.get("pageToken");
    String start = token != null ? Request.decode(token) : request.query.get("startOffset");
    String end = request.query.get("endOffset");
    int max =
        Math.min(MAX_LIST, Integer.parseInt(request.query.getOrDefault("maxResults", "1000")));
    boolean trailing = Boolean.parseBoolean(request.query.get("includeTrailingDelimiter"));
    ObjectNode answer = json.createObjectNode();
    answer.put("kind", "storage#objects");
    ArrayNode items = json.createArrayNode();
    NavigableSet<String> prefixes = new TreeSet<>();
    int count = 0;
    for (String name : bucket.names().tailSet(start == null ? prefix : start, true)) {
      if (!name.startsWith(prefix) && name.compareTo(prefix) > 0) {
        break;
      }
      if (!name.startsWith(prefix) || (end != null && name.compareTo(end) >= 0)) {
        continue;
      }
      if (count == max) {
        answer.put("nextPageToken", Request.encode(name));
        break;
      }
      int cut =
          delimiter == null || delimiter.isEmpty() ? -1 : name.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        String folded = name.substring(0, cut + delimiter.length());
        if (prefixes.add(folded)) {
          count++;
        }
        if (!trailing || !name.equals(folded)) {
          continue;
        }
      }
      Blob blob = bucket.get(name);
      if (blob != null) {
        items.add(ObjectJson.resource(json, blob, store.hashes.of(blob), baseUrl));
        count++;
      }
    }
    if (!items.isEmpty()) {
      answer.set("items", items);
    }
    if (!prefixes.isEmpty()) {
      ArrayNode list = answer.putArray("prefixes");
      prefixes.forEach(list::add);
    }
    return answer;
  }

  private ObjectNode bucket(Bucket bucket) {
    ObjectNode resource = json.createObjectNode();
    resource.put("kind", "storage#bucket");
    resource.put("id", bucket.name);
    resource.put("name", bucket.name);
    resource.put("location", bucket.location.toUpperCase());
    resource.put(
        "locationType", bucket.location.matches("(?i)us|eu|asia") ? "multi-region" : "region");
    resource.put("storageClass", "STANDARD");
    resource.put("metageneration", "1");
    return resource;
  }
}
