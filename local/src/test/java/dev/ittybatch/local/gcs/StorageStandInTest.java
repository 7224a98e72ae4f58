package dev.ittybatch.local.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.ServiceAccountSigner;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.local.testing.SigningKeys;
import dev.ittybatch.taskhandler.signing.InputSigner;
import dev.ittybatch.taskhandler.signing.InputUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in checks the task-handler's own signed URLs as Cloud Storage would: they open the
 * object, awkward names included, and any change to them, an old one, another key or another host
 * is refused with Cloud Storage's error.
 */
class StorageStandInTest {

  static final String ACCOUNT = SigningKeys.ACCOUNT;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final List<String> AWKWARD =
      List.of(
          "plain/video.mov",
          "with space/a b.mov",
          "hash#1.mov",
          "question?mark.mov",
          "plus+sign.mov",
          "percent%41.mov",
          "ünïcode/日本語.mov",
          "double//slash.mov",
          "semi;colon&amp=.mov");

  @TempDir Path dir;
  StorageStandIn storage;
  InputSigner signer;
  KeyPair keys;

  @BeforeEach
  void start() throws Exception {
    keys = SigningKeys.shared();
    storage = new StorageStandIn(keys.getPublic(), ACCOUNT, Clock.systemUTC());
    for (String name : AWKWARD) {
      storage.put("media", name, ("content of " + name).getBytes(StandardCharsets.UTF_8));
    }
    signer = signer(SigningKeys.asAccount(keys), storage.baseUrl());
  }

  @AfterEach
  void stop() {
    storage.close();
  }

  InputSigner signer(ServiceAccountSigner key, String host) {
    Storage client =
        StorageOptions.http()
            .setProjectId("local")
            .setHost(storage.baseUrl())
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    return new InputSigner(client, key, Duration.ofDays(7), true, host);
  }

  static KeyPair keys() throws Exception {
    return SigningKeys.fresh();
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains("<Code>" + code + "</Code>");
  }

  @Test
  void theTaskHandlersUrlsOpenTheirObjectsAwkwardNamesIncluded() throws Exception {
    for (String name : AWKWARD) {
      String url = signer.inputUrl("gs://media/" + name, Instant.now().minusSeconds(60));
      assertThat(url).startsWith(storage.baseUrl() + "/media/");
      HttpResponse<String> response = get(url);
      assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("content of " + name);
    }
    assertThat(storage.refusals()).isZero();
  }

  @Test
  void aTamperedUrlIsRefused() throws Exception {
    String url = signer.inputUrl("gs://media/plain/video.mov", Instant.now());
    assertRefused(
        get(url.replace("plain/video.mov", "plain/other.mov")), 403, "SignatureDoesNotMatch");
    assertRefused(
        get(url.replace("X-Goog-Expires=604800", "X-Goog-Expires=604799")),
        403,
        "SignatureDoesNotMatch");
    int at = url.indexOf("X-Goog-Signature=") + "X-Goog-Signature=".length();
    String flipped =
        url.substring(0, at) + (url.charAt(at) == 'a' ? 'b' : 'a') + url.substring(at + 1);
    assertRefused(get(flipped), 403, "SignatureDoesNotMatch");
  }

  @Test
  void anExpiredUrlIsRefused() throws Exception {
    String url =
        signer.inputUrl(
            "gs://media/plain/video.mov", Instant.now().minus(Duration.ofDays(7).plusMinutes(1)));
    assertRefused(get(url), 400, "ExpiredToken");
  }

  @Test
  void aUrlSignedWithAnotherKeyIsRefused() throws Exception {
    InputSigner other = signer(SigningKeys.asAccount(keys()), storage.baseUrl());
    assertRefused(
        get(other.inputUrl("gs://media/plain/video.mov", Instant.now())),
        403,
        "SignatureDoesNotMatch");
  }

  @Test
  void aNameSentUnescapedIsRefused() throws Exception {
    String url = signer.inputUrl("gs://media/plus+sign.mov", Instant.now());
    assertThat(url).contains("plus%2Bsign.mov");
    assertRefused(
        get(url.replace("plus%2Bsign.mov", "plus+sign.mov")), 403, "SignatureDoesNotMatch");
    String percent = signer.inputUrl("gs://media/percent%41.mov", Instant.now());
    assertRefused(
        get(percent.replace("percent%2541.mov", "percent%41.mov")), 403, "SignatureDoesNotMatch");
  }

  @Test
  void aUrlSignedForAnotherHostIsRefused() throws Exception {
    String elsewhere = "http://localhost:" + URI.create(storage.baseUrl()).getPort();
    InputSigner wrongHost = signer(SigningKeys.asAccount(keys), elsewhere);
    String url = wrongHost.inputUrl("gs://media/plain/video.mov", Instant.now());
    assertRefused(get(url.replace(elsewhere, storage.baseUrl())), 403, "SignatureDoesNotMatch");
  }

  @Test
  void unsignedAndMissingObjectsGetCloudStoragesAnswers() throws Exception {
    assertRefused(get(storage.baseUrl() + "/media/plain/video.mov"), 403, "AccessDenied");
    assertThatThrownBy(() -> signer.inputUrl("gs://media/nope.mov", Instant.now()))
        .isInstanceOf(InputUnavailableException.class)
        .hasMessageContaining("does not exist");
    InputSigner unchecked =
        new InputSigner(
            StorageOptions.http()
                .setProjectId("local")
                .setHost(storage.baseUrl())
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService(),
            SigningKeys.asAccount(keys),
            Duration.ofDays(7),
            false,
            storage.baseUrl());
    assertRefused(get(unchecked.inputUrl("gs://media/nope.mov", Instant.now())), 404, "NoSuchKey");
  }

  @Test
  void aFolderIsABucket() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("bucket/videos"));
    Files.writeString(folder.resolve("clip one.mp4"), "bytes");
    storage.serveFolder("local-media", dir.resolve("bucket"));
    HttpResponse<String> response =
        get(signer.inputUrl("gs://local-media/videos/clip one.mp4", Instant.now()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("bytes");
    // "../bucket/videos/clip one.mp4" is a name of its own in Cloud Storage, not a way up.
    assertThatThrownBy(
            () -> signer.inputUrl("gs://local-media/../bucket/videos/clip one.mp4", Instant.now()))
        .isInstanceOf(InputUnavailableException.class);
  }
}
