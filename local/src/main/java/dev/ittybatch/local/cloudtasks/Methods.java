package dev.ittybatch.local.cloudtasks;

import com.google.cloud.tasks.v2.CreateQueueRequest;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.DeleteTaskRequest;
import com.google.cloud.tasks.v2.GetQueueRequest;
import com.google.cloud.tasks.v2.GetTaskRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.Task;
import com.google.cloud.tasks.v2.UpdateQueueRequest;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * The methods of {@code google.cloud.tasks.v2.CloudTasks} the emulator serves, each checked as
 * Cloud Tasks checks it, over the queues they create; the same service whichever transport carries
 * the call ({@link CloudTasksService} names them on the wire).
 */
final class Methods implements AutoCloseable {

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
  private final QueueAccess access = new QueueAccess();

  Methods(double timeScale, Duration tombstone, double frontDoorFailures) {
    this.timeScale = timeScale;
    this.frontDoorFailures = frontDoorFailures;
    this.taskNames = new TaskNames(Duration.ofNanos((long) (tombstone.toNanos() / timeScale)));
    this.http = DispatchClients.blocking();
  }

  /** Who calls and whether the grants let them: checked first in each method. */
  QueueAccess access() {
    return access;
  }

  /** The queue of that name, or null. */
  EmulatedQueue find(String name) {
    return queues.get(name);
  }

  Duration untilAllNamesFree() {
    return taskNames.untilAllFree();
  }

  Queue createQueue(CreateQueueRequest request) {
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

  Queue getQueue(GetQueueRequest request) {
    access.check("GetQueue", "cloudtasks.queues.get", request.getName());
    return queue(request.getName()).config();
  }

  /** Like Cloud Tasks, UpdateQueue creates the queue when it does not exist yet. */
  Queue updateQueue(UpdateQueueRequest request) {
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

  /** PauseQueue (true) or ResumeQueue (false). */
  Queue pause(String name, boolean pause) {
    access.check(
        pause ? "PauseQueue" : "ResumeQueue",
        pause ? "cloudtasks.queues.pause" : "cloudtasks.queues.resume",
        name);
    return queue(name).pause(pause);
  }

  Task createTask(CreateTaskRequest request) {
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

  Task getTask(GetTaskRequest request) {
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
  Empty deleteTask(DeleteTaskRequest request) {
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

  EmulatedQueue queue(String name) {
    EmulatedQueue queue = queues.get(name);
    if (queue == null) {
      throw Status.NOT_FOUND.withDescription("Queue does not exist: " + name).asRuntimeException();
    }
    return queue;
  }

  @Override
  public void close() {
    queues.values().forEach(EmulatedQueue::close);
    try {
      http.close();
    } catch (IOException e) {
      // Closing loopback connections: nothing to report.
    }
  }
}
