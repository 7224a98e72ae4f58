package dev.ittybatch.local.iamcredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.UnauthenticatedException;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.iam.credentials.v1.IamCredentialsSettings;
import com.google.cloud.iam.credentials.v1.SignBlobResponse;
import com.google.protobuf.ByteString;
import dev.ittybatch.common.gcp.GoogleCloudProperties;
import dev.ittybatch.common.gcp.IamCredentialsConnection;
import dev.ittybatch.local.iam.AccessPolicy;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.CallLog;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IAM Credentials stand-in through the real client, configured as every component's is
 * (common's IamCredentialsConnection): it signs as the account named, with that account's key, for
 * a caller the policy allows, and refuses as IAM does.
 */
class IamCredentialsStandInTest {

  static final String HANDLER = "ittybatch-task-handler@local.iam.gserviceaccount.com";
  static final String WEBHOOK = "ittybatch-webhook@local.iam.gserviceaccount.com";
  static final byte[] BLOB = "GOOG4-RSA-SHA256\n20261130T091500Z".getBytes(StandardCharsets.UTF_8);

  final ServiceAccountKeys keys = new ServiceAccountKeys();
  IamCredentialsStandIn standIn;

  IamCredentialsStandIn start(CallLog calls) throws Exception {
    keys.create(HANDLER);
    standIn = new IamCredentialsStandIn("local", keys, calls);
    return standIn;
  }

  @AfterEach
  void stop() throws Exception {
    if (standIn != null) {
      standIn.close();
    }
  }

  IamCredentialsClient client(String identity) throws Exception {
    return IamCredentialsClient.create(
        new IamCredentialsConnection(
                new GoogleCloudProperties(
                    "local", null, null, null, null, standIn.target(), identity))
            .settings());
  }

  static String name(String account) {
    return "projects/-/serviceAccounts/" + account;
  }

  @Test
  void signsTheBlobWithTheNamedAccountsKeyAndRecordsTheCall() throws Exception {
    CallLog calls = CallLog.allowingAll();
    start(calls);
    SignBlobResponse signed;
    try (IamCredentialsClient client = client(HANDLER)) {
      signed = client.signBlob(name(HANDLER), List.of(), ByteString.copyFrom(BLOB));
    }

    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.publicKey(HANDLER));
    rsa.update(BLOB);
    assertThat(rsa.verify(signed.getSignedBlob().toByteArray())).isTrue();
    assertThat(signed.getKeyId()).hasSize(40);
    assertThat(calls.calls())
        .containsExactly(
            new Call(
                HANDLER,
                "iamcredentials.projects.serviceAccounts.signBlob",
                "iam.serviceAccounts.signBlob",
                "projects/local/serviceAccounts/" + HANDLER,
                true));
    assertThat(standIn.signatures()).isEqualTo(1);
  }

  @Test
  void aCallerThePolicyDoesNotAllowIsRefusedAsIamRefuses() throws Exception {
    AccessPolicy onlyItself = (identity, permission, resource) -> resource.endsWith("/" + identity);
    start(new CallLog(onlyItself));
    try (IamCredentialsClient client = client(WEBHOOK)) {
      assertThatThrownBy(() -> client.signBlob(name(HANDLER), List.of(), ByteString.copyFrom(BLOB)))
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining(
              "Permission 'iam.serviceAccounts.signBlob' denied on resource (or it may not"
                  + " exist).");
    }
    try (IamCredentialsClient client = client(HANDLER)) {
      assertThat(client.signBlob(name(HANDLER), List.of(), ByteString.copyFrom(BLOB))).isNotNull();
    }
  }

  @Test
  void anAccountWithNoKeyIsRefusedAsIfNotAllowed() throws Exception {
    start(CallLog.allowingAll());
    try (IamCredentialsClient client = client(HANDLER)) {
      assertThatThrownBy(() -> client.signBlob(name(WEBHOOK), List.of(), ByteString.copyFrom(BLOB)))
          .isInstanceOf(PermissionDeniedException.class);
    }
  }

  @Test
  void theProjectMustBeTheWildcard() throws Exception {
    start(CallLog.allowingAll());
    try (IamCredentialsClient client = client(HANDLER)) {
      assertThatThrownBy(
              () ->
                  client.signBlob(
                      "projects/local/serviceAccounts/" + HANDLER,
                      List.of(),
                      ByteString.copyFrom(BLOB)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("projects/-/serviceAccounts/");
    }
  }

  @Test
  void aCallNamingNoOneIsUnauthenticated() throws Exception {
    start(CallLog.allowingAll());
    IamCredentialsSettings anonymous =
        IamCredentialsSettings.newBuilder()
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(standIn.target())
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build())
            .build();
    try (IamCredentialsClient client = IamCredentialsClient.create(anonymous)) {
      assertThatThrownBy(() -> client.signBlob(name(HANDLER), List.of(), ByteString.copyFrom(BLOB)))
          .isInstanceOf(UnauthenticatedException.class);
    }
  }

  @Test
  void anUnavailableAnswerIsRetriedByTheClient() throws Exception {
    CallLog calls = CallLog.allowingAll();
    start(calls);
    standIn.unavailable(0.5);
    int signed = 0;
    try (IamCredentialsClient client = client(HANDLER)) {
      // Until a call has been answered UNAVAILABLE (half of them are, at random): ten calls in a
      // row could all go through, one run in a thousand.
      while (calls.calls().size() == standIn.signatures() && signed < 200) {
        assertThat(client.signBlob(name(HANDLER), List.of(), ByteString.copyFrom(BLOB)))
            .isNotNull();
        signed++;
      }
    }
    assertThat(standIn.signatures()).as("every call signed in the end").isEqualTo(signed);
    assertThat(calls.calls().size()).as("some calls answered UNAVAILABLE").isGreaterThan(signed);
  }
}
