package dev.ittybatch.taskhandler.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V4 signing with a generated service-account key, checked against the key's public half. */
class InputSignerTest {

  static final Instant ENQUEUED = Instant.parse("2026-11-30T09:15:00Z");
  static KeyPair keys;
  static ServiceAccountCredentials credentials;
  static Storage storage;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail("task-handler@proj-1.iam.gserviceaccount.com")
            .setPrivateKey(keys.getPrivate())
            .setProjectId("proj-1")
            .build();
    storage =
        StorageOptions.http()
            .setProjectId("proj-1")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new TreeMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return params;
  }

  @Test
  void signsAV4UrlWhoseSignatureVerifiesAgainstThePublicKey() throws Exception {
    InputSigner signer = new InputSigner(storage, credentials, Duration.ofHours(12), false);

    URI url = URI.create(signer.inputUrl("gs://media-lib/videos/a b/001.mov", ENQUEUED));

    assertThat(url.getHost()).isEqualTo("storage.googleapis.com");
    assertThat(url.getRawPath()).isEqualTo("/media-lib/videos/a%20b/001.mov");
    Map<String, String> params = query(url);
    assertThat(params)
        .containsEntry("X-Goog-Algorithm", "GOOG4-RSA-SHA256")
        .containsEntry("X-Goog-Expires", "43200")
        .containsEntry("X-Goog-SignedHeaders", "host")
        .containsEntry("X-Goog-Date", "20261130T091500Z")
        .containsKey("X-Goog-Signature");
    String credential = URLDecoder.decode(params.get("X-Goog-Credential"), StandardCharsets.UTF_8);
    assertThat(credential)
        .startsWith("task-handler@proj-1.iam.gserviceaccount.com/")
        .endsWith("/auto/storage/goog4_request");

    // Rebuild the string V4 signs and check the signature with the public key.
    String canonicalQuery =
        params.entrySet().stream()
            .filter(e -> !e.getKey().equals("X-Goog-Signature"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
    String canonicalRequest =
        String.join(
            "\n",
            "GET",
            url.getRawPath(),
            canonicalQuery,
            "host:storage.googleapis.com",
            "",
            "host",
            "UNSIGNED-PAYLOAD");
    String scope = credential.substring(credential.indexOf('/') + 1);
    String stringToSign =
        String.join(
            "\n",
            "GOOG4-RSA-SHA256",
            params.get("X-Goog-Date"),
            scope,
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.getPublic());
    rsa.update(stringToSign.getBytes(StandardCharsets.UTF_8));
    assertThat(rsa.verify(HexFormat.of().parseHex(params.get("X-Goog-Signature")))).isTrue();
  }

  @Test
  void signsAsOfTheTaskInstantSoEveryAttemptSendsTheSameUrl() throws Exception {
    InputSigner signer = new InputSigner(storage, credentials, Duration.ofDays(7), false);
    String first = signer.inputUrl("gs://media-lib/videos/001.mov", ENQUEUED);
    Thread.sleep(1100); // the wall clock moves on between attempts; the URL must not
    String retry = signer.inputUrl("gs://media-lib/videos/001.mov", ENQUEUED);
    String later = signer.inputUrl("gs://media-lib/videos/001.mov", ENQUEUED.plusSeconds(1));

    assertThat(retry).isEqualTo(first);
    assertThat(later).isNotEqualTo(first);
    assertThat(query(URI.create(later))).containsEntry("X-Goog-Date", "20261130T091501Z");
  }

  @Test
  void honoursTheConfiguredExpiry() {
    InputSigner signer = new InputSigner(storage, credentials, Duration.ofDays(7), false);
    assertThat(query(URI.create(signer.inputUrl("gs://media-lib/a.png", ENQUEUED))))
        .containsEntry("X-Goog-Expires", "604800");
  }

  @Test
  void passesHttpsInputsThroughUnchanged() {
    InputSigner signer = new InputSigner(storage, credentials, Duration.ofHours(1), true);
    assertThat(signer.inputUrl("https://cdn.example.com/a.mov?x=1", ENQUEUED))
        .isEqualTo("https://cdn.example.com/a.mov?x=1");
  }

  @Test
  void anUnparseablePathIsRejectedNotRetried() {
    InputSigner signer = new InputSigner(storage, credentials, Duration.ofHours(1), false);
    assertThatThrownBy(() -> signer.inputUrl("gs://Bad_Bucket/x", ENQUEUED))
        .isInstanceOf(InputUnavailableException.class)
        .extracting(e -> ((InputUnavailableException) e).kind())
        .isEqualTo("invalid_path");
  }

  @Test
  void aSignBlobFailureNamesTheMissingGrant() {
    ServiceAccountSigner denied =
        new ServiceAccountSigner() {
          @Override
          public String getAccount() {
            return "task-handler@proj-1.iam.gserviceaccount.com";
          }

          @Override
          public byte[] sign(byte[] bytes) {
            throw new SigningException(
                "Failed to sign the provided bytes",
                new RuntimeException(
                    "403 Forbidden: Permission 'iam.serviceAccounts.signBlob' denied"));
          }
        };
    InputSigner signer = new InputSigner(storage, denied, Duration.ofHours(1), false);
    assertThatThrownBy(() -> signer.inputUrl("gs://media-lib/a.png", ENQUEUED))
        .isInstanceOf(SigningSetupException.class)
        .hasMessageContaining("iam.serviceAccounts.signBlob")
        .hasMessageContaining("roles/iam.serviceAccountTokenCreator on itself");
  }
}
