package dev.ittybatch.local.gcs;

import dev.ittybatch.local.iam.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The XML API path style, {@code GET /BUCKET/OBJECT}, that a V4 signed URL names: the object only
 * when {@link V4Signature} accepts the URL and the account named in its credential may read it (the
 * signer must itself be allowed the request: signing-urls-with-helpers); Cloud Storage's XML error
 * otherwise. Unsigned downloads are refused, as for a private bucket.
 */
final class SignedDownloads {

  private final Store store;
  private final StorageAccess access;
  private final V4Signature signature;
  private final Clock clock;
  final AtomicLong downloads = new AtomicLong();
  final AtomicLong refusals = new AtomicLong();

  SignedDownloads(Store store, StorageAccess access, V4Signature signature, Clock clock) {
    this.store = store;
    this.access = access;
    this.signature = signature;
    this.clock = clock;
  }

  void handle(Request request, String rawPath) throws IOException {
    String method = request.http.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      xml(request, 405, "MethodNotAllowed", "Only GET is served here");
      return;
    }
    String rawQuery = request.http.getRequestURI().getRawQuery();
    if (rawQuery == null || !rawQuery.contains("X-Goog-Signature=")) {
      xml(request, 403, "AccessDenied", "Anonymous caller does not have storage.objects.get.");
      return;
    }
    Map<String, String> headers = new HashMap<>();
    request
        .http
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    V4Signature.Refusal refusal =
        signature.check(method, rawPath, rawQuery, headers, clock.instant());
    if (refusal != null) {
      refusals.incrementAndGet();
      xml(request, refusal.status(), refusal.code(), refusal.message());
      return;
    }
    int slash = rawPath.indexOf('/', 1);
    String bucketName = slash < 0 ? "" : Request.decode(rawPath.substring(1, slash));
    String object = slash < 0 ? "" : Request.decode(rawPath.substring(slash + 1));
    if (!access
        .log()
        .check(
            signature.account(),
            "storage.objects.get",
            "storage.objects.get",
            Resources.object(bucketName, object))) {
      refusals.incrementAndGet();
      xml(
          request,
          403,
          "AccessDenied",
          signature.account()
              + " does not have storage.objects.get access to the Google Cloud Storage object.");
      return;
    }
    Bucket bucket = store.bucket(bucketName);
    Blob blob = bucket == null || object.isEmpty() ? null : bucket.get(object);
    if (blob == null) {
      xml(request, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    downloads.incrementAndGet();
    request.send(200, "application/octet-stream", blob.bytes());
  }

  /** Cloud Storage's XML error body. */
  static void xml(Request request, int status, String code, String message) throws IOException {
    byte[] body =
        ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    request.send(status, "application/xml; charset=UTF-8", body);
  }
}
