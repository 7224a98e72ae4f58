package dev.ittybatch.local.cloudtasks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator through the real Cloud Tasks client, dispatching to WireMock. */
class CloudTasksEmulatorTest {

  static final String QUEUE = "projects/p/locations/l/queues/q";

  CloudTasksEmulator emulator;
  CloudTasksClient client;
  WireMockServer handler;

  @BeforeEach
  void start() throws Exception {
    emulator = new CloudTasksEmulator(100);
    handler = new WireMockServer(wireMockConfig().dynamicPort());
    handler.start();
    client = emulator.client();
    configure(client);
  }

  static void configure(CloudTasksClient client) {
    client.updateQueue(
        Queue.newBuilder()
            .setName(QUEUE)
            .setRateLimits(RateLimits.newBuilder().setMaxDispatchesPerSecond(100))
            .setRetryConfig(
                RetryConfig.newBuilder()
                    .setMaxAttempts(3)
                    .setMinBackoff(Durations.fromSeconds(10))
                    .setMaxBackoff(Durations.fromSeconds(300)))
            .build(),
        FieldMask.newBuilder().addPaths("rate_limits").addPaths("retry_config").build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    emulator.close();
    handler.stop();
  }

  Task task(String id) {
    return task(client, id);
  }

  Task task(CloudTasksClient client, String id) {
    return task(client, id, "{\"n\":1}");
  }

  Task task(CloudTasksClient client, String id, String body) {
    return client.createTask(
        QUEUE,
        Task.newBuilder()
            .setName(QUEUE + "/tasks/" + id)
            .setHttpRequest(
                HttpRequest.newBuilder()
                    .setUrl("http://127.0.0.1:" + handler.port() + "/")
                    .setHttpMethod(HttpMethod.POST)
                    .putHeaders("Content-Type", "application/json")
                    .setBody(ByteString.copyFromUtf8(body)))
            .build());
  }

  @Test
  void servesQueuesThroughTheRealClient() {
    Queue queue = client.getQueue(QUEUE);
    assertThat(queue.getRateLimits().getMaxDispatchesPerSecond()).isEqualTo(100);
    assertThat(queue.getRetryConfig().getMaxAttempts()).isEqualTo(3);
    assertThatThrownBy(() -> client.getQueue("projects/p/locations/l/queues/none"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void dispatchesWithTheCloudTasksHeadersAndRetriesHonouringRetryAfter() {
    handler.stubFor(
        post(urlPathEqualTo("/"))
            .inScenario("retry")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30"))
            .willSetStateTo("second"));
    handler.stubFor(
        post(urlPathEqualTo("/"))
            .inScenario("retry")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(200)));

    long start = System.nanoTime();
    task("t-1");

    await().atMost(Duration.ofSeconds(5)).until(() -> emulator.stats(QUEUE).succeeded() == 1);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    // Retry-After 30 s over a time scale of 100 is 300 ms, longer than the 100 ms backoff.
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    List<LoggedRequest> calls = handler.findAll(postRequestedFor(urlPathEqualTo("/")));
    assertThat(calls).hasSize(2);
    LoggedRequest first = calls.get(0);
    assertThat(first.getHeader("User-Agent")).isEqualTo("Google-Cloud-Tasks");
    assertThat(first.getHeader("X-CloudTasks-QueueName")).isEqualTo("q");
    assertThat(first.getHeader("X-CloudTasks-TaskName")).isEqualTo("t-1");
    assertThat(first.getHeader("X-CloudTasks-TaskRetryCount")).isEqualTo("0");
    assertThat(first.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(first.getBodyAsString()).isEqualTo("{\"n\":1}");
    assertThat(calls.get(1).getHeader("X-CloudTasks-TaskRetryCount")).isEqualTo("1");
  }

  @Test
  void aPausedQueueDispatchesNothingYetTakesTasksAndResumedSendsThem() throws Exception {
    handler.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)));

    assertThat(client.pauseQueue(QUEUE).getState()).isEqualTo(Queue.State.PAUSED);
    task("held-1");
    task("held-2");
    Thread.sleep(500); // a paused queue must stay silent: nothing to wait for but time
    assertThat(handler.findAll(postRequestedFor(urlPathEqualTo("/")))).isEmpty();
    assertThat(client.getQueue(QUEUE).getState()).isEqualTo(Queue.State.PAUSED);
    assertThat(emulator.paused(QUEUE)).isTrue();
    configure(client);
    assertThat(client.getQueue(QUEUE).getState())
        .as("an update leaves the queue paused")
        .isEqualTo(Queue.State.PAUSED);

    assertThat(client.resumeQueue(QUEUE).getState()).isEqualTo(Queue.State.RUNNING);
    await().atMost(Duration.ofSeconds(5)).until(() -> emulator.stats(QUEUE).succeeded() == 2);
    assertThat(emulator.stats(QUEUE).created()).isEqualTo(2);
  }

  @Test
  void refusesWhatCloudTasksRefusesOnBothTransports() throws Exception {
    try (CloudTasksClient inProcess = emulator.inProcessClient()) {
      for (CloudTasksClient each : List.of(client, inProcess)) {
        assertThatThrownBy(() -> task(each, "a.b"))
            .as("a task id outside [A-Za-z0-9_-]")
            .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> task(each, "x".repeat(501)))
            .as("a task id over 500 characters")
            .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> task(each, "big", "x".repeat(100 * 1024)))
            .as("a task over 100 KB")
            .hasMessageContaining("Task size too large")
            .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(
                () -> rateLimits(each, RateLimits.newBuilder().setMaxDispatchesPerSecond(501)))
            .as("more than 500 dispatches a second")
            .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(
                () -> rateLimits(each, RateLimits.newBuilder().setMaxConcurrentDispatches(5001)))
            .as("more than 5,000 concurrent dispatches")
            .isInstanceOf(InvalidArgumentException.class);
      }
      assertThat(task(inProcess, "ok_1-A").getName()).endsWith("/tasks/ok_1-A");
      assertThat(emulator.stats(QUEUE).created()).isEqualTo(1);
    }
  }

  private static Queue rateLimits(CloudTasksClient client, RateLimits.Builder limits) {
    return client.updateQueue(
        Queue.newBuilder().setName(QUEUE).setRateLimits(limits).build(),
        FieldMask.newBuilder().addPaths("rate_limits").build());
  }

  @Test
  void refusesAReusedNameEvenAfterTheTaskRan() {
    handler.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)));
    task("t-2");
    await().atMost(Duration.ofSeconds(5)).until(() -> emulator.stats(QUEUE).succeeded() == 1);
    assertThatThrownBy(() -> task("t-2")).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void dropsATaskSilentlyAfterMaxAttemptsLikeCloudTasks() {
    handler.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(404)));
    task("t-3");
    await().atMost(Duration.ofSeconds(10)).until(() -> emulator.stats(QUEUE).dropped() == 1);
    assertThat(handler.findAll(postRequestedFor(urlPathEqualTo("/"))))
        .as("4xx is retried too, until max attempts")
        .hasSize(3);
  }

  @Test
  void aFinishedTasksNameIsFreeAgainOnceItsTombstoneHasPassed() throws Exception {
    // 20 s of tombstone at a time scale of 100: 200 ms. The handler takes 300 ms, long enough to
    // see the task hold its name while it runs.
    try (CloudTasksEmulator quick = new CloudTasksEmulator(100, Duration.ofSeconds(20), 0);
        CloudTasksClient quickClient = quick.client()) {
      configure(quickClient);
      handler.stubFor(
          post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200).withFixedDelay(300)));
      task(quickClient, "t-4");
      assertThat(quick.untilAllNamesFree()).as("a task in the queue holds its name").isNull();
      await().atMost(Duration.ofSeconds(5)).until(() -> quick.stats(QUEUE).succeeded() == 1);
      assertThat(quick.untilAllNamesFree())
          .as("free once the 200 ms tombstone has passed")
          .isPositive()
          .isLessThanOrEqualTo(Duration.ofMillis(200));
      assertThatThrownBy(() -> task(quickClient, "t-4"))
          .as("just finished: still a tombstone")
          .isInstanceOf(AlreadyExistsException.class);
      assertThatThrownBy(() -> quickClient.getTask(QUEUE + "/tasks/t-4"))
          .as("a finished task is gone")
          .isInstanceOf(NotFoundException.class);
      Thread.sleep(quick.untilAllNamesFree().toMillis() + 20);
      assertThat(quick.untilAllNamesFree()).isZero();
      task(quickClient, "t-4");
      await().atMost(Duration.ofSeconds(5)).until(() -> quick.stats(QUEUE).succeeded() == 2);
    }
  }

  @Test
  void deletesAQueuedTaskWhoseNameThenStaysTakenAndAnswersNotFoundForOneThatIsGone()
      throws Exception {
    handler.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)));
    assertThat(client.pauseQueue(QUEUE).getState()).isEqualTo(Queue.State.PAUSED);
    task("d-1");
    task("d-2");

    client.deleteTask(QUEUE + "/tasks/d-1");

    assertThatThrownBy(() -> client.getTask(QUEUE + "/tasks/d-1"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.deleteTask(QUEUE + "/tasks/d-1"))
        .as("deleted already")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.deleteTask(QUEUE + "/tasks/never"))
        .as("never created")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.deleteTask("projects/p/locations/l/queues/none/tasks/d-2"))
        .as("no such queue")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> task("d-1"))
        .as("a deleted task's name is a tombstone, as a finished one's")
        .isInstanceOf(AlreadyExistsException.class);

    client.resumeQueue(QUEUE);
    await().atMost(Duration.ofSeconds(5)).until(() -> emulator.stats(QUEUE).succeeded() == 1);
    assertThat(handler.findAll(postRequestedFor(urlPathEqualTo("/"))))
        .singleElement()
        .satisfies(call -> assertThat(call.getHeader("X-CloudTasks-TaskName")).isEqualTo("d-2"));
    assertThatThrownBy(() -> client.deleteTask(QUEUE + "/tasks/d-2"))
        .as("executed successfully: it cannot be deleted, it is gone")
        .isInstanceOf(NotFoundException.class);
    assertThat(emulator.stats(QUEUE).deleted()).isEqualTo(1);
  }

  @Test
  void aTaskDeletedWhileItWaitsForTheRateIsNeverSent() throws Exception {
    handler.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)));
    rateLimits(client, RateLimits.newBuilder().setMaxDispatchesPerSecond(1));
    for (int i = 0; i < 5; i++) {
      task("slow-" + i);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> handler.findAll(postRequestedFor(urlPathEqualTo("/"))).size() == 1);

    long deleted = 0;
    for (int i = 0; i < 5; i++) {
      try {
        client.deleteTask(QUEUE + "/tasks/slow-" + i);
        deleted++;
      } catch (NotFoundException sentAlready) {
        // The first, or one that went out before its delete.
      }
    }

    assertThat(deleted).isGreaterThanOrEqualTo(3);
    long sent = 5 - deleted;
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(4))
        .until(() -> handler.findAll(postRequestedFor(urlPathEqualTo("/"))).size() == sent);
  }

  @Test
  void anAttemptInFlightWhenItsTaskIsDeletedReachesTheHandlerAndIsNeverRetried() throws Exception {
    handler.stubFor(
        post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(503).withFixedDelay(500)));
    task("in-flight");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> handler.findAll(postRequestedFor(urlPathEqualTo("/"))).size() == 1);

    client.deleteTask(QUEUE + "/tasks/in-flight");

    // Its 503 would have been retried after 100 ms: through several such backoffs, nothing more.
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> handler.findAll(postRequestedFor(urlPathEqualTo("/"))).size() == 1);
    QueueStats stats = emulator.stats(QUEUE);
    assertThat(stats.attempts()).isEqualTo(1);
    assertThat(stats.deleted()).isEqualTo(1);
    assertThat(stats.dropped()).as("deleted, not dropped").isZero();
    assertThat(stats.pending()).isZero();
  }

  @Test
  void anAttemptAnsweredAtTheFrontDoorCountsButNeverReachesTheHandler() throws Exception {
    handler.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)));
    try (CloudTasksEmulator broken = new CloudTasksEmulator(100, Duration.ofHours(1), 1.0);
        CloudTasksClient brokenClient = broken.client()) {
      configure(brokenClient);
      task(brokenClient, "t-5");
      await().atMost(Duration.ofSeconds(10)).until(() -> broken.stats(QUEUE).dropped() == 1);
      assertThat(broken.stats(QUEUE).frontDoorFailures()).isEqualTo(3);
      assertThat(broken.stats(QUEUE).attempts()).isEqualTo(3);
      assertThat(handler.findAll(postRequestedFor(urlPathEqualTo("/"))))
          .as("the handler never learned the task existed")
          .isEmpty();
    }
  }
}
