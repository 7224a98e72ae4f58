package dev.ittybatch.local.cloudtasks;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.CreateQueueRequest;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.DeleteTaskRequest;
import com.google.cloud.tasks.v2.GetQueueRequest;
import com.google.cloud.tasks.v2.GetTaskRequest;
import com.google.cloud.tasks.v2.PauseQueueRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.ResumeQueueRequest;
import com.google.cloud.tasks.v2.Task;
import com.google.cloud.tasks.v2.UpdateQueueRequest;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Serves the part of {@code google.cloud.tasks.v2.CloudTasks} this project uses (queues: create,
 * get, update, pause, resume; tasks: create, get, delete) on loopback, so the orchestrator's real
 * client talks real gRPC to it via {@code CLOUD_TASKS_EMULATOR_HOST}. The generated service stub is
 * not published where this project's dependencies come from, so each method is described by hand
 * from the message classes that ship with the client library.
 */
public final class CloudTasksEmulator implements AutoCloseable {

  static final int MAX_CALLS_PER_CONNECTION = 100;

  /** Threads that answer in-process calls: a few, so creating tasks keeps pace with dispatching. */
  static final int IN_PROCESS_CALL_THREADS = 4;

  static final String SERVICE = "google.cloud.tasks.v2.CloudTasks";

  /**
   * Cloud Tasks' documented limits, refused here on every transport (the in-process channel
   * serializes nothing, so gRPC's own message limit never applies there). Task size: the CreateTask
   * reference says 100 KB, the quotas page 1 MiB; the stricter one.
   */
  static final int MAX_TASK_BYTES = 100 * 1024;

  static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,500}");
  static final double MAX_DISPATCHES_PER_SECOND = 500;
  static final int MAX_CONCURRENT_DISPATCHES = 5000;

  private final double timeScale;
  private final double frontDoorFailures;
  private final Map<String, EmulatedQueue> queues = new ConcurrentHashMap<>();
  private final TaskNames taskNames;
  private final CloseableHttpClient http;
  private final Server server;
  private final Server inProcess;
  private final ManagedChannel inProcessChannel;
  private final ExecutorService inProcessCalls;
  private final QueueAccess access = new QueueAccess();

  /**
   * @param timeScale waits (backoff, Retry-After, name tombstones) are divided by this; 1 is real
   *     time
   */
  public CloudTasksEmulator(double timeScale) throws IOException {
    this(timeScale, Duration.ofHours(1), 0);
  }

  /**
   * @param tombstone how long a finished task's name cannot be used again (Cloud Tasks: about an
   *     hour), before the time scale
   * @param frontDoorFailures the share of attempts that never reach the handler: Cloud Run answers
   *     them itself (no instance free, a front-end 5xx). They count as attempts, as they do in
   *     Cloud Tasks, and the handler never learns of them.
   */
  public CloudTasksEmulator(double timeScale, Duration tombstone, double frontDoorFailures)
      throws IOException {
    this.timeScale = timeScale;
    this.frontDoorFailures = frontDoorFailures;
    this.taskNames = new TaskNames(Duration.ofNanos((long) (tombstone.toNanos() / timeScale)));
    this.http = DispatchClients.blocking();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "CreateQueue",
                    CreateQueueRequest.getDefaultInstance(),
                    Queue.getDefaultInstance(),
                    this::createQueue))
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "GetQueue",
                    GetQueueRequest.getDefaultInstance(),
                    Queue.getDefaultInstance(),
                    this::getQueue))
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "UpdateQueue",
                    UpdateQueueRequest.getDefaultInstance(),
                    Queue.getDefaultInstance(),
                    this::updateQueue))
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "PauseQueue",
                    PauseQueueRequest.getDefaultInstance(),
                    Queue.getDefaultInstance(),
                    request -> {
                      access.check("PauseQueue", "cloudtasks.queues.pause", request.getName());
                      return queue(request.getName()).pause(true);
                    }))
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "ResumeQueue",
                    ResumeQueueRequest.getDefaultInstance(),
                    Queue.getDefaultInstance(),
                    request -> {
                      access.check("ResumeQueue", "cloudtasks.queues.resume", request.getName());
                      return queue(request.getName()).pause(false);
                    }))
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "CreateTask",
                    CreateTaskRequest.getDefaultInstance(),
                    Task.getDefaultInstance(),
                    this::createTask))
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "GetTask",
                    GetTaskRequest.getDefaultInstance(),
                    Task.getDefaultInstance(),
                    this::getTask))
            .addMethod(
                UnaryMethods.unary(
                    SERVICE,
                    "DeleteTask",
                    DeleteTaskRequest.getDefaultInstance(),
                    Empty.getDefaultInstance(),
                    this::deleteTask))
            .build();
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            // Google's front ends take about 100 concurrent calls per connection; more wait on the
            // client's side. As strict here, so a client that needs a channel pool shows it.
            .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
            // Each call is answered from memory at once: on the transport's own thread, not handed
            // to another, which a burst of CreateTask calls paid for with a core it did not have.
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, access))
            .build()
            .start();
    // The same service without sockets, for a client in this JVM: see inProcessClient().
    String name = "cloudtasks-emulator-" + UUID.randomUUID();
    this.inProcessCalls =
        Executors.newFixedThreadPool(IN_PROCESS_CALL_THREADS, daemon("cloudtasks-calls"));
    this.inProcess =
        InProcessServerBuilder.forName(name)
            .executor(inProcessCalls)
            .addService(ServerInterceptors.intercept(service, access))
            .build()
            .start();
    this.inProcessChannel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /**
   * From now on every call is checked against the grants and recorded in {@code calls}, as Cloud
   * Tasks checks each method; a call without a token is taken for {@code unauthenticatedAs}, or
   * answered UNAUTHENTICATED when that is null. Each task's dispatch then carries {@code
   * Authorization: Bearer <its OIDC account>}, for the target's own check of who may invoke it.
   */
  public void checkCalls(dev.ittybatch.local.iam.CallLog calls, String unauthenticatedAs) {
    access.checkWith(calls, unauthenticatedAs);
  }

  /** {@code host:port} for {@code CLOUD_TASKS_EMULATOR_HOST}. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The real Cloud Tasks client, pointed here the way CLOUD_TASKS_EMULATOR_HOST points it. */
  public CloudTasksClient client() throws IOException {
    return CloudTasksClient.create(
        CloudTasksSettings.newBuilder()
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(target())
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build())
            .build());
  }

  /**
   * The real Cloud Tasks client on an in-process channel: the same callables, messages and status
   * codes as over TCP, each call answered on one of a few threads of the emulator's, as a server
   * answers them. For an orchestrator that shares this JVM with the whole pipeline: over loopback
   * TCP each CreateTask crossed four threads, which wait for a core behind every dispatch when two
   * cores run everything, and enqueueing fell behind dispatching. Answered on the caller's own
   * thread, the calls left the orchestrator one thread among hundreds of busy request threads, with
   * a share of the cores to match: some runs created under 100 tasks in a second while the queue
   * dispatched 200. What only TCP shows (the limit of calls per connection) stays on {@link
   * #target}. Closing the client leaves the channel open; the emulator closes it.
   */
  public CloudTasksClient inProcessClient() throws IOException {
    return CloudTasksClient.create(
        CloudTasksSettings.newBuilder()
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setTransportChannelProvider(
                FixedTransportChannelProvider.create(GrpcTransportChannel.create(inProcessChannel)))
            .build());
  }

  /**
   * How long until every task name used so far can be used again (their tombstones, after the time
   * scale, have passed), or null while some task still exists: what a test of re-runs after the
   * window waits for, instead of the whole tombstone time from whenever it looks.
   */
  public Duration untilAllNamesFree() {
    return taskNames.untilAllFree();
  }

  /** Whether the queue is paused (by PauseQueue, until ResumeQueue). */
  public boolean paused(String queueName) {
    EmulatedQueue queue = queues.get(queueName);
    return queue != null && queue.paused();
  }

  /** What the queue did, for progress and for tests (the highest dispatch rate it reached). */
  public QueueStats stats(String queueName) {
    EmulatedQueue queue = queues.get(queueName);
    return queue == null ? new QueueStats(0, 0, 0, 0, 0, 0, 0, 0, 0) : queue.stats();
  }

  private Queue createQueue(CreateQueueRequest request) {
    Queue queue = request.getQueue();
    access.check("CreateQueue", "cloudtasks.queues.create", queue.getName());
    if (!queue.getName().startsWith(request.getParent() + "/queues/")) {
      throw Status.INVALID_ARGUMENT
          .withDescription("queue name must be " + request.getParent() + "/queues/ID")
          .asRuntimeException();
    }
    checkLimits(queue);
    EmulatedQueue created = new EmulatedQueue(queue, timeScale, http, taskNames, frontDoorFailures);
    if (queues.putIfAbsent(queue.getName(), created) != null) {
      created.close();
      throw Status.ALREADY_EXISTS.withDescription("Queue already exists").asRuntimeException();
    }
    return created.config();
  }

  private Queue getQueue(GetQueueRequest request) {
    access.check("GetQueue", "cloudtasks.queues.get", request.getName());
    return queue(request.getName()).config();
  }

  /** Like Cloud Tasks, UpdateQueue creates the queue when it does not exist yet. */
  private Queue updateQueue(UpdateQueueRequest request) {
    Queue wanted = request.getQueue();
    access.check("UpdateQueue", "cloudtasks.queues.update", wanted.getName());
    checkLimits(wanted);
    EmulatedQueue queue =
        queues.computeIfAbsent(
            wanted.getName(),
            n -> new EmulatedQueue(wanted, timeScale, http, taskNames, frontDoorFailures));
    queue.configure(wanted);
    return queue.config();
  }

  private static void checkLimits(Queue queue) {
    double rate = queue.getRateLimits().getMaxDispatchesPerSecond();
    if (rate < 0 || rate > MAX_DISPATCHES_PER_SECOND) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "max_dispatches_per_second must be at most "
                  + (int) MAX_DISPATCHES_PER_SECOND
                  + ", found "
                  + rate)
          .asRuntimeException();
    }
    int concurrent = queue.getRateLimits().getMaxConcurrentDispatches();
    if (concurrent < 0 || concurrent > MAX_CONCURRENT_DISPATCHES) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "max_concurrent_dispatches must be at most "
                  + MAX_CONCURRENT_DISPATCHES
                  + ", found "
                  + concurrent)
          .asRuntimeException();
    }
  }

  private Task createTask(CreateTaskRequest request) {
    access.check("CreateTask", "cloudtasks.tasks.create", request.getParent());
    if (request.getTask().getHttpRequest().hasOidcToken()) {
      access.checkActAs(
          request.getParent(),
          request.getTask().getHttpRequest().getOidcToken().getServiceAccountEmail());
    }
    EmulatedQueue queue = queue(request.getParent());
    Task.Builder task = request.getTask().toBuilder();
    if (task.getName().isEmpty()) {
      task.setName(request.getParent() + "/tasks/" + UUID.randomUUID().toString().replace("-", ""));
    } else if (!task.getName().startsWith(request.getParent() + "/tasks/")
        || !TASK_ID.matcher(task.getName().substring(request.getParent().length() + 7)).matches()) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "task name must be "
                  + request.getParent()
                  + "/tasks/ID, ID of 1-500 letters, digits, hyphens or underscores")
          .asRuntimeException();
    }
    if (request.getTask().getSerializedSize() > MAX_TASK_BYTES) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "Task size too large: "
                  + request.getTask().getSerializedSize()
                  + " bytes, at most "
                  + MAX_TASK_BYTES)
          .asRuntimeException();
    }
    if (!task.hasHttpRequest() || task.getHttpRequest().getUrl().isEmpty()) {
      throw Status.INVALID_ARGUMENT
          .withDescription("an HTTP target is required")
          .asRuntimeException();
    }
    long now = System.currentTimeMillis();
    task.setCreateTime(Timestamp.newBuilder().setSeconds(now / 1000).build());
    Task created = task.build();
    if (!queue.add(created)) {
      throw Status.ALREADY_EXISTS
          .withDescription("Requested entity already exists")
          .asRuntimeException();
    }
    return created;
  }

  private Task getTask(GetTaskRequest request) {
    String name = request.getName();
    access.check("GetTask", "cloudtasks.tasks.get", name);
    EmulatedQueue queue = queue(name.substring(0, name.indexOf("/tasks/")));
    Task task = queue.get(name);
    if (task == null) {
      throw Status.NOT_FOUND.withDescription("task " + name + " not found").asRuntimeException();
    }
    return task;
  }

  /**
   * DeleteTask as Cloud Tasks documents it: "a task can be deleted if it is scheduled or
   * dispatched", not once it "has executed successfully or permanently failed" (it is gone then:
   * NOT_FOUND, as for a name never used or deleted already). Its name stays taken for the tombstone
   * time, as after any end. An attempt already sent is not called back: it reaches the handler, and
   * its answer is ignored, with no retry after it.
   * (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/delete)
   */
  private Empty deleteTask(DeleteTaskRequest request) {
    String name = request.getName();
    int tasks = name.indexOf("/tasks/");
    if (tasks < 0) {
      throw Status.INVALID_ARGUMENT
          .withDescription("task name must be projects/P/locations/L/queues/Q/tasks/ID")
          .asRuntimeException();
    }
    access.check("DeleteTask", "cloudtasks.tasks.delete", name);
    if (!queue(name.substring(0, tasks)).delete(name)) {
      throw Status.NOT_FOUND.withDescription("task " + name + " not found").asRuntimeException();
    }
    return Empty.getDefaultInstance();
  }

  private EmulatedQueue queue(String name) {
    EmulatedQueue queue = queues.get(name);
    if (queue == null) {
      throw Status.NOT_FOUND.withDescription("Queue does not exist: " + name).asRuntimeException();
    }
    return queue;
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() throws InterruptedException {
    inProcessChannel.shutdownNow();
    inProcess.shutdownNow();
    inProcessCalls.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    queues.values().forEach(EmulatedQueue::close);
    try {
      http.close();
    } catch (IOException e) {
      // Closing loopback connections: nothing to report.
    }
  }
}
