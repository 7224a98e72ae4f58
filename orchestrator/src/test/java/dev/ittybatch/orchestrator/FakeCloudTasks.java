package dev.ittybatch.orchestrator;

import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.GetTaskRequest;
import com.google.cloud.tasks.v2.Task;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The CreateTask and GetTask RPCs of {@code google.cloud.tasks.v2.CloudTasks}, served on loopback
 * so the real client library talks to it over real gRPC. Task names are unique as in Cloud Tasks;
 * {@link #faults} can fail any call with a status; {@link #latencyMillis} delays every answer.
 */
public final class FakeCloudTasks implements AutoCloseable {

  static final String SERVICE = "google.cloud.tasks.v2.CloudTasks";
  static final MethodDescriptor<CreateTaskRequest, Task> CREATE_TASK =
      MethodDescriptor.<CreateTaskRequest, Task>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "CreateTask"))
          .setRequestMarshaller(ProtoUtils.marshaller(CreateTaskRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(Task.getDefaultInstance()))
          .build();

  static final MethodDescriptor<GetTaskRequest, Task> GET_TASK =
      MethodDescriptor.<GetTaskRequest, Task>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "GetTask"))
          .setRequestMarshaller(ProtoUtils.marshaller(GetTaskRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(Task.getDefaultInstance()))
          .build();

  /** Every CreateTask call received, in order, including refused ones. */
  public final List<CreateTaskRequest> calls = new CopyOnWriteArrayList<>();

  /** Tasks created, by full name. */
  public final Map<String, Task> tasks = new ConcurrentHashMap<>();

  /** Given a request and its call number for that task name (1-based), a status to fail with. */
  public volatile BiFunction<CreateTaskRequest, Integer, Status> faults = (request, n) -> null;

  public volatile long latencyMillis;

  /**
   * When false, only names are counted, not kept: for benchmarks of a million tasks, where holding
   * them would measure the fake's memory instead of the orchestrator's.
   */
  public volatile boolean retain = true;

  /** Tasks created, whether retained or not. */
  public final java.util.concurrent.atomic.AtomicLong created =
      new java.util.concurrent.atomic.AtomicLong();

  private final Map<String, Integer> attemptsByName = new ConcurrentHashMap<>();
  private final ScheduledExecutorService delays = Executors.newScheduledThreadPool(2);
  private final Server server;

  public FakeCloudTasks() throws IOException {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(CREATE_TASK, ServerCalls.asyncUnaryCall(this::createTask))
            .addMethod(GET_TASK, ServerCalls.asyncUnaryCall(this::getTask))
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service)
            .build()
            .start();
  }

  /** For {@code CLOUD_TASKS_EMULATOR_HOST}. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  private void createTask(CreateTaskRequest request, StreamObserver<Task> response) {
    String name = request.getTask().getName();
    int attempt = retain ? attemptsByName.merge(name, 1, Integer::sum) : 1;
    if (retain) {
      calls.add(request);
    }
    Runnable answer =
        () -> {
          Status fault = faults.apply(request, attempt);
          if (fault != null) {
            response.onError(fault.asRuntimeException());
            return;
          }
          Task task = request.getTask();
          if (retain && tasks.putIfAbsent(name, task) != null) {
            response.onError(
                Status.ALREADY_EXISTS
                    .withDescription("Requested entity already exists")
                    .asRuntimeException());
            return;
          }
          created.incrementAndGet();
          response.onNext(task);
          response.onCompleted();
        };
    if (latencyMillis > 0) {
      delays.schedule(answer, latencyMillis, TimeUnit.MILLISECONDS);
    } else {
      answer.run();
    }
  }

  /** NOT_FOUND for a name not in {@link #tasks}, as Cloud Tasks answers for a finished task. */
  private void getTask(GetTaskRequest request, StreamObserver<Task> response) {
    Task task = tasks.get(request.getName());
    if (task == null) {
      response.onError(
          Status.NOT_FOUND.withDescription("task " + request.getName()).asRuntimeException());
      return;
    }
    response.onNext(task);
    response.onCompleted();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    delays.shutdownNow();
  }
}
