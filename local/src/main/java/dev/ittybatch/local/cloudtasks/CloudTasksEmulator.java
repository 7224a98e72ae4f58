package dev.ittybatch.local.cloudtasks;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves the part of {@code google.cloud.tasks.v2.CloudTasks} this project uses (queues: create,
 * get, update, pause, resume; tasks: create, get, delete) on loopback, so the orchestrator's real
 * client talks real gRPC to it via {@code CLOUD_TASKS_EMULATOR_HOST}, or on an in-process channel.
 * The methods and their rules are {@link Methods}'; this class holds the servers and the channel.
 */
public final class CloudTasksEmulator implements AutoCloseable {

  static final int MAX_CALLS_PER_CONNECTION = 100;

  /** Threads that answer in-process calls: a few, so creating tasks keeps pace with dispatching. */
  static final int IN_PROCESS_CALL_THREADS = 4;

  private final Methods methods;
  private final Server server;
  private final Server inProcess;
  private final ManagedChannel inProcessChannel;
  private final ExecutorService inProcessCalls;

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
    this.methods = new Methods(timeScale, tombstone, frontDoorFailures);
    ServerServiceDefinition service =
        ServerInterceptors.intercept(CloudTasksService.of(methods), methods.access());
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            // Google's front ends take about 100 concurrent calls per connection; more wait on the
            // client's side. As strict here, so a client that needs a channel pool shows it.
            .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
            // Each call is answered from memory at once: on the transport's own thread, not handed
            // to another, which a burst of CreateTask calls paid for with a core it did not have.
            .directExecutor()
            .addService(service)
            .build()
            .start();
    // The same service without sockets, for a client in this JVM: see inProcessClient().
    String name = "cloudtasks-emulator-" + UUID.randomUUID();
    this.inProcessCalls =
        Executors.newFixedThreadPool(IN_PROCESS_CALL_THREADS, daemon("cloudtasks-calls"));
    this.inProcess =
        InProcessServerBuilder.forName(name)
            .executor(inProcessCalls)
            .addService(service)
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
    methods.access().checkWith(calls, unauthenticatedAs);
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
    return methods.untilAllNamesFree();
  }

  /** Whether the queue is paused (by PauseQueue, until ResumeQueue). */
  public boolean paused(String queueName) {
    EmulatedQueue queue = methods.find(queueName);
    return queue != null && queue.paused();
  }

  /** What the queue did, for progress and for tests (the highest dispatch rate it reached). */
  public QueueStats stats(String queueName) {
    EmulatedQueue queue = methods.find(queueName);
    return queue == null ? new QueueStats(0, 0, 0, 0, 0, 0, 0, 0, 0) : queue.stats();
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
    methods.close();
  }
}
