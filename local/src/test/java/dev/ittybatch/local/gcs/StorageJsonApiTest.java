package dev.ittybatch.local.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.paging.Page;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.testing.SigningKeys;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API as google-cloud-storage uses it for manifests, rejects reports and ledger files,
 * driven by the real client (gzip, crc32c, resumable sessions, ranged reads) and, where the bytes
 * matter, by hand.
 */
class StorageJsonApiTest {

  static final String CALLER = "ittybatch-orchestrator@p.iam.gserviceaccount.com";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  StorageStandIn standIn;
  Storage storage;

  @BeforeEach
  void start() throws Exception {
    standIn =
        new StorageStandIn(
            StorageStandIn.Settings.of(
                    SigningKeys.shared().getPublic(), SigningKeys.ACCOUNT, Clock.systemUTC())
                .withCalls(CallLog.allowingAll()));
    standIn.createBucket("b", "EU");
    storage = client(standIn, CALLER);
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  static Storage client(StorageStandIn standIn, String identity) {
    return StorageOptions.http()
        .setProjectId("p")
        .setHost(standIn.baseUrl())
        .setCredentials(NoCredentials.getInstance())
        .setHeaderProvider(FixedHeaderProvider.create("Authorization", "Bearer " + identity))
        .build()
        .getService();
  }

  static byte[] bytes(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.header("Authorization", "Bearer " + CALLER).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMultipartUploadIsReadBackWithItsMetadata() throws Exception {
    byte[] content = "{\"path\":\"a.mov\"}\n".getBytes(StandardCharsets.UTF_8);
    Blob created =
        storage.create(
            BlobInfo.newBuilder("b", "m/lib.jsonl").setContentType("application/x-ndjson").build(),
            content,
            Storage.BlobTargetOption.doesNotExist());
    Blob read = storage.get(BlobId.of("b", "m/lib.jsonl"));
    assertThat(read.getGeneration()).isEqualTo(created.getGeneration()).isPositive();
    assertThat(read.getSize()).isEqualTo(content.length);
    assertThat(read.getContentType()).isEqualTo("application/x-ndjson");
    assertThat(read.getCrc32c()).isEqualTo(created.getCrc32c()).isNotEmpty();
    assertThat(storage.readAllBytes(BlobId.of("b", "m/lib.jsonl"))).isEqualTo(content);
    assertThat(storage.get(BlobId.of("b", "m/none"))).isNull();
    HttpResponse<String> raw =
        send(
            HttpRequest.newBuilder(
                URI.create(standIn.baseUrl() + "/storage/v1/b/b/o/m%2Flib.jsonl")));
    assertThat(raw.body())
        .contains("\"generation\":\"" + created.getGeneration() + "\"", "\"size\":\"17\"");
  }

  @Test
  void ifGenerationMatchZeroOnAnExistingObjectIs412() {
    storage.create(
        BlobInfo.newBuilder("b", "ledger.ndjson").build(),
        new byte[] {1},
        Storage.BlobTargetOption.doesNotExist());
    assertThatThrownBy(
            () ->
                storage.create(
                    BlobInfo.newBuilder("b", "ledger.ndjson").build(),
                    new byte[] {2},
                    Storage.BlobTargetOption.doesNotExist()))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(412);
              assertThat(e.getReason()).isEqualTo("conditionNotMet");
            });
    assertThat(storage.readAllBytes(BlobId.of("b", "ledger.ndjson"))).containsExactly(1);
  }

  @Test
  void aDeclaredCrc32cThatDoesNotMatchIsRefused() throws Exception {
    String boundary = "__END_OF_PART__x__";
    String body =
        "--"
            + boundary
            + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
            + "{\"name\":\"x\",\"crc32c\":\"AAAAAA==\"}\r\n--"
            + boundary
            + "\r\nContent-Type: application/octet-stream\r\n\r\nhello\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(standIn.baseUrl() + "/upload/storage/v1/b/b/o?uploadType=multipart"))
                .header("Content-Type", "multipart/related; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "Provided CRC32C \\\"AAAAAA==\\\" doesn't match calculated CRC32C",
            "\"reason\":\"invalid\"");
  }

  @Test
  void aResumableWriterAndAChunkedReaderCarryAMegabyte() throws Exception {
    byte[] content = bytes(1024 * 1024 + 100);
    try (WriteChannel writer =
        storage.writer(BlobInfo.newBuilder("b", "rejects/run-1.jsonl").build())) {
      writer.setChunkSize(256 * 1024);
      writer.write(ByteBuffer.wrap(content));
    }
    assertThat(storage.get(BlobId.of("b", "rejects/run-1.jsonl")).getSize())
        .isEqualTo(content.length);
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try (ReadChannel reader = storage.reader(BlobId.of("b", "rejects/run-1.jsonl"))) {
      reader.setChunkSize(64 * 1024);
      reader.seek(100);
      ByteBuffer buffer = ByteBuffer.allocate(50_000);
      while (reader.read(buffer) >= 0) {
        buffer.flip();
        read.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
      }
    }
    assertThat(read.toByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(content, 100, content.length));
  }

  @Test
  void aResumableSessionAnswers308WithWhatItKeptAndStatusQueries() throws Exception {
    HttpResponse<String> start =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        standIn.baseUrl()
                            + "/upload/storage/v1/b/b/o?uploadType=resumable&name=big.bin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(start.statusCode()).isEqualTo(200);
    String session = start.headers().firstValue("Location").orElseThrow();
    assertThat(session).startsWith(standIn.baseUrl() + "/upload/storage/v1/b/b/o?");
    HttpResponse<String> none = put(session, "bytes */*", new byte[0]);
    assertThat(none.statusCode()).isEqualTo(308);
    assertThat(none.headers().firstValue("Range")).isEmpty();
    byte[] content = bytes(256 * 1024 + 300);
    HttpResponse<String> first =
        put(
            session,
            "bytes 0-" + (256 * 1024 + 99) + "/*",
            java.util.Arrays.copyOf(content, 256 * 1024 + 100));
    assertThat(first.statusCode()).isEqualTo(308);
    assertThat(first.headers().firstValue("Range")).contains("bytes=0-262143");
    HttpResponse<String> status = put(session, "bytes */*", new byte[0]);
    assertThat(status.headers().firstValue("Range")).contains("bytes=0-262143");
    HttpResponse<String> last =
        put(
            session,
            "bytes 262144-" + (content.length - 1) + "/" + content.length,
            java.util.Arrays.copyOfRange(content, 262144, content.length));
    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(last.body()).contains("\"size\":\"" + content.length + "\"");
    assertThat(put(session, "bytes */*", new byte[0]).statusCode()).isEqualTo(200);
    assertThat(storage.readAllBytes(BlobId.of("b", "big.bin"))).isEqualTo(content);
  }

  HttpResponse<String> put(String url, String range, byte[] body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Range", range)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  @Test
  void listingFoldsNamesAtTheDelimiterAndPages() {
    for (String name : List.of("a/1", "a/2", "a/b/3", "a/b/4", "c")) {
      storage.create(BlobInfo.newBuilder("b", name).build(), new byte[] {1});
    }
    Page<Blob> folded =
        storage.list(
            "b", Storage.BlobListOption.prefix("a/"), Storage.BlobListOption.currentDirectory());
    List<String> names = new ArrayList<>();
    folded
        .iterateAll()
        .forEach(blob -> names.add(blob.getName() + (blob.isDirectory() ? " (prefix)" : "")));
    assertThat(names).containsExactly("a/1", "a/2", "a/b/ (prefix)");
    List<String> all = new ArrayList<>();
    storage
        .list("b", Storage.BlobListOption.pageSize(2))
        .iterateAll()
        .forEach(blob -> all.add(blob.getName()));
    assertThat(all).containsExactly("a/1", "a/2", "a/b/3", "a/b/4", "c");
  }

  @Test
  void awkwardNamesAreDecodedExactlyOnce() {
    for (String name :
        List.of(
            "with space/a b.jsonl",
            "plus+sign",
            "percent%41",
            "literal%2Fslash",
            "ünïcode/日本",
            "double//slash",
            "tilde~")) {
      storage.create(BlobInfo.newBuilder("b", name).build(), name.getBytes(StandardCharsets.UTF_8));
      assertThat(storage.get(BlobId.of("b", name)).getName()).isEqualTo(name);
      assertThat(new String(storage.readAllBytes(BlobId.of("b", name)), StandardCharsets.UTF_8))
          .isEqualTo(name);
    }
    assertThat(storage.get(BlobId.of("b", "percentA"))).isNull();
  }

  @Test
  void aFolderBucketKeepsUploadsAsFilesAndAReplacementIsANewGeneration() throws Exception {
    standIn.serveFolder("local", dir.resolve("bucket"), "US");
    Blob first =
        storage.create(BlobInfo.newBuilder("local", "ledger/a.ndjson").build(), new byte[] {1, 2});
    assertThat(Files.readAllBytes(dir.resolve("bucket/ledger/a.ndjson"))).containsExactly(1, 2);
    assertThat(storage.get(BlobId.of("local", "ledger/a.ndjson")).getGeneration())
        .isEqualTo(first.getGeneration());
    Blob second =
        storage.create(BlobInfo.newBuilder("local", "ledger/a.ndjson").build(), new byte[] {3});
    assertThat(second.getGeneration()).isGreaterThan(first.getGeneration());
    assertThat(storage.delete(BlobId.of("local", "ledger/a.ndjson"))).isTrue();
    assertThat(dir.resolve("bucket/ledger/a.ndjson")).doesNotExist();
    assertThat(standIn.bucketLocation("local")).isEqualTo("US");
  }
}
