package dev.ittybatch.local.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Resources;
import dev.ittybatch.local.testing.SigningKeys;
import dev.ittybatch.taskhandler.signing.InputSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what to objects, as Cloud Storage's IAM decides it: an object creator may add but not
 * replace, reading needs objects.get, a signed URL reads only what its signer may, and a request
 * with no token is 401.
 */
class StoragePermissionsTest {

  static final String CREATOR = "creator@p.iam.gserviceaccount.com";
  static final String READER = "reader@p.iam.gserviceaccount.com";
  static final Set<String> GRANTS =
      Set.of(
          CREATOR + " storage.objects.create",
          READER + " storage.objects.get",
          READER + " storage.objects.list",
          SigningKeys.ACCOUNT + " storage.objects.get");

  @TempDir Path dir;
  CallLog calls;
  StorageStandIn standIn;

  @BeforeEach
  void start() throws Exception {
    calls =
        new CallLog(
            (identity, permission, resource) ->
                Resources.parents(resource).contains(Resources.bucket("manifests"))
                    && GRANTS.contains(identity + " " + permission));
    standIn =
        new StorageStandIn(
            StorageStandIn.Settings.of(
                    SigningKeys.shared().getPublic(), SigningKeys.ACCOUNT, Clock.systemUTC())
                .withCalls(calls));
    standIn.createBucket("manifests", "EU");
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  @Test
  void aCreatorMayAddButNotReplaceOrRead() {
    Storage creator = StorageJsonApiTest.client(standIn, CREATOR);
    creator.create(BlobInfo.newBuilder("manifests", "rejects.jsonl").build(), new byte[] {1});
    assertThatThrownBy(
            () ->
                creator.create(
                    BlobInfo.newBuilder("manifests", "rejects.jsonl").build(), new byte[] {2}))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getReason()).isEqualTo("forbidden");
              assertThat(e.getMessage())
                  .isEqualTo(
                      CREATOR
                          + " does not have storage.objects.delete access to the Google"
                          + " Cloud Storage object. Permission 'storage.objects.delete' denied on resource (or it may not exist).");
            });
    assertThatThrownBy(
            () ->
                creator.create(
                    BlobInfo.newBuilder("manifests", "rejects.jsonl").build(),
                    new byte[] {2},
                    Storage.BlobTargetOption.doesNotExist()))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThatThrownBy(() -> creator.readAllBytes(BlobId.of("manifests", "rejects.jsonl")))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    assertThat(calls.calls())
        .extracting(Call::method, Call::permission, Call::allowed)
        .startsWith(
            tuple("storage.objects.insert", "storage.objects.create", true),
            tuple("storage.objects.insert", "storage.objects.create", true),
            tuple("storage.objects.insert", "storage.objects.delete", false));
  }

  @Test
  void aReaderReadsAndLists() {
    standIn.put("manifests", "lib.jsonl", new byte[] {7});
    Storage reader = StorageJsonApiTest.client(standIn, READER);
    assertThat(reader.readAllBytes(BlobId.of("manifests", "lib.jsonl"))).containsExactly(7);
    assertThat(reader.list("manifests").iterateAll()).hasSize(1);
    assertThat(calls.refused()).isEmpty();
    assertThat(calls.calls())
        .extracting(Call::permission)
        .contains("storage.objects.get", "storage.objects.list");
  }

  @Test
  void aRequestWithoutATokenIs401() {
    Storage anonymous =
        StorageOptions.http()
            .setProjectId("p")
            .setHost(standIn.baseUrl())
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    assertThatThrownBy(() -> anonymous.get(BlobId.of("manifests", "lib.jsonl")))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(401);
              assertThat(e.getMessage())
                  .startsWith("Anonymous caller does not have storage.objects.get access");
            });
  }

  @Test
  void aSignedUrlReadsOnlyWhatItsSignerMayRead() throws Exception {
    standIn.put("manifests", "v.mov", new byte[] {1});
    standIn.put("elsewhere", "v.mov", new byte[] {1});
    InputSigner signer =
        new InputSigner(
            StorageJsonApiTest.client(standIn, READER),
            SigningKeys.asAccount(SigningKeys.shared()),
            Duration.ofDays(7),
            false,
            standIn.baseUrl());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> allowed =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(signer.inputUrl("gs://manifests/v.mov", Instant.now())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(200);
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(signer.inputUrl("gs://elsewhere/v.mov", Instant.now())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("<Code>AccessDenied</Code>");
    assertThat(calls.refused())
        .extracting(Call::identity, Call::resource)
        .containsExactly(tuple(SigningKeys.ACCOUNT, "projects/_/buckets/elsewhere/objects/v.mov"));
  }
}
