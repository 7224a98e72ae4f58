package dev.ittybatch.local.gcs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ittybatch.local.LoopbackServers;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Resources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cloud Storage as far as this project uses it, on loopback: buckets with a location, each in
 * memory or serving a folder; the JSON API google-cloud-storage calls (uploads, reads, lists,
 * deletes: {@link JsonApi}, {@link Uploads}) at {@code /storage/v1} and {@code /upload/storage/v1};
 * and {@code GET /BUCKET/OBJECT} with V4 query parameters ({@link SignedDownloads}). Point the
 * client at {@link #baseUrl()} with {@code StorageOptions.http().setHost(...)}: it reads no
 * emulator variable itself (reference section 9).
 */
public final class StorageStandIn implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StorageStandIn.class);

  /**
   * The knobs.
   *
   * @param key the public half of the key signed URLs are signed with
   * @param signer the service account email their credential names
   * @param calls every call is checked and recorded here
   * @param defaultLocation where a bucket is when nobody says (a region, as new buckets often are)
   * @param unauthenticatedAs the identity a request without a token is taken for; null answers it
   *     401, as Cloud Storage does. Only for a test whose client names no one.
   */
  public record Settings(
      PublicKey key,
      String signer,
      Clock clock,
      CallLog calls,
      String defaultLocation,
      String unauthenticatedAs) {

    public static Settings of(PublicKey key, String signer, Clock clock) {
      return new Settings(key, signer, clock, CallLog.allowingAll(), "US-CENTRAL1", null);
    }

    public Settings withCalls(CallLog calls) {
      return new Settings(key, signer, clock, calls, defaultLocation, unauthenticatedAs);
    }

    public Settings withDefaultLocation(String defaultLocation) {
      return new Settings(key, signer, clock, calls, defaultLocation, unauthenticatedAs);
    }

    public Settings withUnauthenticatedAs(String unauthenticatedAs) {
      return new Settings(key, signer, clock, calls, defaultLocation, unauthenticatedAs);
    }
  }

  /** The identity a caller without a token is taken for, by the first constructor. */
  public static final String UNNAMED_CALLER = "unnamed-local-client";

  private final JsonMapper json = JsonMapper.builder().build();
  private final Store store;
  private final StorageAccess access;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final JsonApi jsonApi;
  private final Uploads uploads;
  private final SignedDownloads signed;

  /**
   * Every call allowed and recorded, and a request without a token taken for {@value
   * #UNNAMED_CALLER}: for tests of signed URLs whose lookup client names no one. (run-local's
   * components each name their account, and a request that names none is answered 401.)
   */
  public StorageStandIn(PublicKey key, String account, Clock clock) throws IOException {
    this(Settings.of(key, account, clock).withUnauthenticatedAs(UNNAMED_CALLER));
  }

  public StorageStandIn(Settings settings) throws IOException {
    this.store = new Store(settings.defaultLocation(), settings.clock());
    this.access = new StorageAccess(settings.calls(), settings.unauthenticatedAs());
    this.handlers = Executors.newFixedThreadPool(16, daemon());
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    this.jsonApi = new JsonApi(store, access, json, baseUrl);
    this.uploads = new Uploads(store, access, json, baseUrl);
    this.signed =
        new SignedDownloads(
            store, access, new V4Signature(settings.key(), settings.signer()), settings.clock());
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    LoopbackServers.start(server, "storage-stand-in-dispatcher");
  }

  /** {@code http://127.0.0.1:PORT}: for STORAGE_EMULATOR_HOST and for signing URLs. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Serves a folder as a bucket in the default location: {@code a/b.mov} is {@code folder/a/b.mov}.
   */
  public void serveFolder(String bucket, Path folder) {
    store.create(bucket, null, folder);
  }

  /** Serves a folder as a bucket in {@code location} (US, EU, europe-west1...). */
  public void serveFolder(String bucket, Path folder, String location) {
    store.create(bucket, location, folder);
  }

  /** An empty bucket held in memory, in {@code location}. */
  public void createBucket(String bucket, String location) {
    store.create(bucket, location, null);
  }

  /** An object held in memory, for names no file system can hold ({@code a//b}). */
  public void put(String bucket, String object, byte[] content) {
    store
        .bucketFor(bucket)
        .hold(
            Blob.inMemory(
                bucket,
                object,
                content,
                store.nextGeneration(),
                "application/octet-stream",
                store.now()));
  }

  /** Whether the bucket holds the object (in memory or in the folder it serves). */
  public boolean holds(String bucket, String object) throws IOException {
    Bucket found = store.bucket(bucket);
    return found != null && found.get(object) != null;
  }

  /** The bucket's location, or null when there is no such bucket. */
  public String bucketLocation(String bucket) {
    Bucket found = store.bucket(bucket);
    return found == null ? null : found.location;
  }

  /**
   * An object's bytes read as {@code identity}, in process: what BigQuery does when a load job
   * reads a file with the caller's permissions. The call is checked and recorded as objects.get.
   */
  public byte[] readAs(String identity, String bucket, String object) throws IOException {
    if (!access
        .log()
        .check(
            identity,
            "storage.objects.get",
            "storage.objects.get",
            Resources.object(bucket, object))) {
      throw new AccessDeniedException(
          "gs://" + bucket + "/" + object, null, identity + " may not read it");
    }
    Bucket found = store.bucket(bucket);
    Blob blob = found == null ? null : found.get(object);
    if (blob == null) {
      throw new NoSuchFileException("gs://" + bucket + "/" + object);
    }
    return blob.bytes();
  }

  public long downloads() {
    return signed.downloads.get();
  }

  /** Signed URL requests refused (bad signature, expired, malformed, not allowed). */
  public long refusals() {
    return signed.refusals.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // One request per connection: the JDK's built-in server was seen to stall after several
      // hundred keep-alive requests from one client, and a stand-in must never be what hangs.
      exchange.getResponseHeaders().add("Connection", "close");
      Request request = new Request(exchange);
      String rawPath = exchange.getRequestURI().getRawPath();
      try {
        if (rawPath.startsWith("/storage/v1/b/")) {
          jsonApi.handle(request, rawPath.substring("/storage/v1/b/".length()), false);
        } else if (rawPath.startsWith("/download/storage/v1/b/")) {
          jsonApi.handle(request, rawPath.substring("/download/storage/v1/b/".length()), true);
        } else if (rawPath.startsWith("/upload/storage/v1/b/")) {
          uploads.handle(request, rawPath.substring("/upload/storage/v1/b/".length()));
        } else {
          signed.handle(request, rawPath);
        }
      } catch (GcsError e) {
        request.fail(e, json);
      } catch (RuntimeException e) {
        log.warn("storage stand-in failed on {} {}", exchange.getRequestMethod(), rawPath, e);
        request.fail(GcsError.invalid("The stand-in failed: " + e), json);
      }
    }
  }

  private static ThreadFactory daemon() {
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
