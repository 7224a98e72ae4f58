package dev.ittybatch.local.cloudtasks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.UnauthenticatedException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.OidcToken;
import com.google.cloud.tasks.v2.Task;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Resources;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator checking each call as Cloud Tasks does: the permission of the method on the queue or
 * task, {@code iam.serviceAccounts.actAs} on the account of a task's OIDC token, and no call
 * without a token; every call recorded, and the dispatch naming the token's account.
 */
class QueueAccessTest {

  static final String QUEUE = CloudTasksEmulatorTest.QUEUE;
  static final String ENQUEUER = "enqueuer@p.iam.gserviceaccount.com";
  static final String INVOKER = "invoker@p.iam.gserviceaccount.com";

  final Set<String> granted = ConcurrentHashMap.newKeySet();
  final CallLog calls =
      new CallLog(
          (identity, permission, resource) ->
              granted.contains(identity + " " + permission + " " + resource));
  CloudTasksEmulator emulator;
  WireMockServer handler;

  @BeforeEach
  void start() throws Exception {
    emulator = new CloudTasksEmulator(100);
    try (CloudTasksClient setup = emulator.client()) {
      CloudTasksEmulatorTest.configure(setup);
    }
    emulator.checkCalls(calls, null);
    handler = new WireMockServer(wireMockConfig().dynamicPort());
    handler.start();
    handler.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)));
  }

  @AfterEach
  void stop() throws Exception {
    emulator.close();
    handler.stop();
  }

  CloudTasksClient as(String identity) throws Exception {
    return CloudTasksClient.create(
        CloudTasksSettings.newBuilder()
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setHeaderProvider(FixedHeaderProvider.create("authorization", "Bearer " + identity))
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(emulator.target())
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build())
            .build());
  }

  Task task(String id) {
    return Task.newBuilder()
        .setName(QUEUE + "/tasks/" + id)
        .setHttpRequest(
            HttpRequest.newBuilder()
                .setUrl("http://127.0.0.1:" + handler.port() + "/")
                .setHttpMethod(HttpMethod.POST)
                .setOidcToken(OidcToken.newBuilder().setServiceAccountEmail(INVOKER)))
        .build();
  }

  @Test
  void createTaskNeedsTheQueuesPermissionAndActAsOnTheTokensAccount() throws Exception {
    String actAs =
        ENQUEUER + " iam.serviceAccounts.actAs " + Resources.serviceAccount("p", INVOKER);
    try (CloudTasksClient client = as(ENQUEUER)) {
      assertThatThrownBy(() -> client.createTask(QUEUE, task("a")))
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("cloudtasks.tasks.create");

      granted.add(ENQUEUER + " cloudtasks.tasks.create " + QUEUE);
      assertThatThrownBy(() -> client.createTask(QUEUE, task("a")))
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("iam.serviceAccounts.actAs");

      granted.add(actAs);
      client.createTask(QUEUE, task("a"));
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                handler.verify(
                    postRequestedFor(urlPathEqualTo("/"))
                        .withHeader("Authorization", equalTo("Bearer " + INVOKER))));
    assertThat(calls.calls())
        .contains(
            new Call(
                ENQUEUER,
                "google.cloud.tasks.v2.CloudTasks.CreateTask",
                "iam.serviceAccounts.actAs",
                Resources.serviceAccount("p", INVOKER),
                true));
  }

  @Test
  void eachMethodIsCheckedOnItsQueueOrTaskAndACallWithoutATokenIsRefused() throws Exception {
    try (CloudTasksClient client = as(ENQUEUER);
        CloudTasksClient anonymous = emulator.client()) {
      assertThatThrownBy(() -> client.pauseQueue(QUEUE))
          .isInstanceOf(PermissionDeniedException.class);
      assertThatThrownBy(() -> client.deleteTask(QUEUE + "/tasks/x"))
          .isInstanceOf(PermissionDeniedException.class);
      assertThatThrownBy(() -> anonymous.getQueue(QUEUE))
          .isInstanceOf(UnauthenticatedException.class);
    }
    assertThat(calls.calls())
        .extracting(Call::permission, Call::resource, Call::allowed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cloudtasks.queues.pause", QUEUE, false),
            org.assertj.core.groups.Tuple.tuple(
                "cloudtasks.tasks.delete", QUEUE + "/tasks/x", false),
            org.assertj.core.groups.Tuple.tuple("cloudtasks.queues.get", QUEUE, false));
  }
}
