package dev.ittybatch.taskhandler.dispatch;

import dev.ittybatch.common.ittybit.MediaKind;
import dev.ittybatch.common.task.TaskPayload;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The endpoint Cloud Tasks calls, once per entry (rarely twice: handlers must be idempotent). */
@RestController
class DispatchController {

  private final Dispatcher dispatcher;
  private final JsonMapper json;

  DispatchController(Dispatcher dispatcher, JsonMapper json) {
    this.dispatcher = dispatcher;
    this.json = json;
  }

  @PostMapping("/")
  DispatchResult dispatch(
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "X-CloudTasks-TaskName", required = false) String taskName,
      @RequestHeader(name = "X-CloudTasks-QueueName", required = false) String queueName,
      @RequestHeader(name = "X-CloudTasks-TaskRetryCount", defaultValue = "0") int retryCount,
      @RequestHeader(name = "X-CloudTasks-TaskExecutionCount", defaultValue = "0")
          int executionCount) {
    TaskPayload task = parse(body);
    try {
      MDC.put("batch_id", task.batchId());
      MDC.put("entry_id", task.entryId());
      if (taskName != null) {
        MDC.put("task_name", taskName);
      }
      return dispatcher.dispatch(
          task, new TaskAttempt(taskName, queueName, retryCount, executionCount));
    } finally {
      MDC.clear();
    }
  }

  private TaskPayload parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new BadTaskException("the body is empty; expected a task payload");
    }
    TaskPayload task;
    try {
      task = json.readValue(body, TaskPayload.class);
    } catch (JacksonException e) {
      throw new BadTaskException("the body is not a task payload: " + e.getOriginalMessage());
    }
    try {
      task.identity();
    } catch (IllegalArgumentException e) {
      throw new BadTaskException(e.getMessage());
    }
    if (task.path() == null || task.path().isBlank()) {
      throw new BadTaskException("the task payload has no path");
    }
    if (task.kind() == null) {
      throw new BadTaskException("the task payload has no kind; expected " + MediaKind.WIRE_NAMES);
    }
    if (task.options() != null && !task.options().isObject() && !task.options().isNull()) {
      throw new BadTaskException("options must be a JSON object");
    }
    return task;
  }
}
