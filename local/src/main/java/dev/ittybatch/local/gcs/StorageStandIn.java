package dev.ittybatch.local.gcs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cloud Storage as far as this project uses it, on loopback: buckets are folders (or objects put in
 * memory by a test), the JSON API answers the object lookup the task-handler makes before it signs
 * ({@code STORAGE_EMULATOR_HOST}), and {@code GET /BUCKET/OBJECT} with V4 query parameters returns
 * the object only when {@link V4Signature} accepts the URL, else Cloud Storage's XML error.
 * Unsigned downloads are refused, as for a private bucket.
 */
public final class StorageStandIn implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, Path> buckets = new ConcurrentHashMap<>();
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final V4Signature signature;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final AtomicLong downloads = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();

  /**
   * @param key the public half of the key URLs are signed with
   * @param account the service account email their credential names
   */
  public StorageStandIn(PublicKey key, String account, Clock clock) throws IOException {
    this.signature = new V4Signature(key, account);
    this.clock = clock;
    this.handlers = Executors.newFixedThreadPool(16, daemon());
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}: for STORAGE_EMULATOR_HOST and for signing URLs. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves a folder as a bucket: object {@code a/b.mov} is the file {@code folder/a/b.mov}. */
  public void serveFolder(String bucket, Path folder) {
    buckets.put(bucket, folder.toAbsolutePath().normalize());
  }

  /** An object held in memory, for names no file system can hold ({@code a//b}). */
  public void put(String bucket, String object, byte[] content) {
    objects.put(bucket + "/" + object, content);
  }

  public long downloads() {
    return downloads.get();
  }

  /** Signed URL requests refused (bad signature, expired, malformed). */
  public long refusals() {
    return refusals.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // One request per connection: the JDK's built-in server was seen to stall after several
      // hundred keep-alive requests from one client, and a stand-in must never be what hangs.
      exchange.getResponseHeaders().add("Connection", "close");
      String rawPath = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        xml(exchange, 405, "MethodNotAllowed", "Only GET is served here");
        return;
      }
      if (rawPath.startsWith("/storage/v1/b/")) {
        lookup(exchange, rawPath.substring("/storage/v1/b/".length()));
        return;
      }
      download(exchange, rawPath);
    }
  }

  /** JSON API: {@code /storage/v1/b/BUCKET/o/OBJECT} (the object name is one encoded segment). */
  private void lookup(HttpExchange exchange, String rest) throws IOException {
    int o = rest.indexOf("/o/");
    if (o < 0) {
      json(exchange, 404, error(404, "Not Found"));
      return;
    }
    String bucket = decode(rest.substring(0, o));
    String object = decode(rest.substring(o + 3));
    byte[] content = read(bucket, object);
    if (content == null) {
      json(exchange, 404, error(404, "No such object: " + bucket + "/" + object));
      return;
    }
    ObjectNode metadata = JSON.createObjectNode();
    metadata.put("kind", "storage#object");
    metadata.put("bucket", bucket);
    metadata.put("name", object);
    metadata.put("size", String.valueOf(content.length));
    metadata.put("generation", "1");
    metadata.put("contentType", "application/octet-stream");
    json(exchange, 200, JSON.writeValueAsBytes(metadata));
  }

  /** XML API path style: {@code /BUCKET/OBJECT}, which a V4 signed URL names. */
  private void download(HttpExchange exchange, String rawPath) throws IOException {
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery == null || !rawQuery.contains("X-Goog-Signature=")) {
      xml(exchange, 403, "AccessDenied", "Anonymous caller does not have storage.objects.get.");
      return;
    }
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    V4Signature.Refusal refusal =
        signature.check(exchange.getRequestMethod(), rawPath, rawQuery, headers, clock.instant());
    if (refusal != null) {
      refusals.incrementAndGet();
      xml(exchange, refusal.status(), refusal.code(), refusal.message());
      return;
    }
    int slash = rawPath.indexOf('/', 1);
    byte[] content =
        slash < 0
            ? null
            : read(decode(rawPath.substring(1, slash)), decode(rawPath.substring(slash + 1)));
    if (content == null) {
      xml(exchange, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    downloads.incrementAndGet();
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, content.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(content);
    }
  }

  private byte[] read(String bucket, String object) throws IOException {
    byte[] held = objects.get(bucket + "/" + object);
    if (held != null) {
      return held;
    }
    Path folder = buckets.get(bucket);
    if (folder == null || object.isEmpty()) {
      return null;
    }
    // In Cloud Storage "a/../b" and "a//b" are names like any other; a folder cannot hold them, so
    // here they name nothing, rather than some other file.
    for (String segment : object.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    Path file = folder.resolve(object).normalize();
    if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
      return null;
    }
    return Files.readAllBytes(file);
  }

  /** Percent-decoding of a path: unlike a query, '+' is a plus. */
  static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static byte[] error(int code, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.putObject("error").put("code", code).put("message", message);
    return JSON.writeValueAsBytes(error);
  }

  private static void json(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Cloud Storage's XML error body. */
  private static void xml(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    byte[] body =
        ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/xml; charset=UTF-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "storage-stand-in");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
