package dev.ittybatch.orchestrator.enqueue;

import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.OidcToken;
import com.google.cloud.tasks.v2.Task;
import com.google.cloud.tasks.v2.TaskName;
import com.google.protobuf.ByteString;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.task.TaskPayload;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Builds the CreateTask request for one entry: a named HTTP POST of its payload to the handler. */
@Component
public class TaskRequests {

  private final OrchestratorProperties properties;
  private final JsonMapper json;

  public TaskRequests(OrchestratorProperties properties, JsonMapper json) {
    this.properties = properties;
    this.json = json;
  }

  public CreateTaskRequest create(TaskPayload payload, EntryIdentity identity) {
    return create(payload, identity, null);
  }

  /**
   * @param suffix added to the task's name: a lost entry re-driven as the same generation needs a
   *     name of its own, the lost task's may still be taken; null for the generation's own name
   */
  public CreateTaskRequest create(TaskPayload payload, EntryIdentity identity, String suffix) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder()
            .setUrl(properties.handlerUrl())
            .setHttpMethod(HttpMethod.POST)
            .putHeaders("Content-Type", "application/json")
            .setBody(ByteString.copyFrom(json.writeValueAsBytes(payload)));
    if (properties.serviceAccountEmail() != null && !properties.serviceAccountEmail().isBlank()) {
      http.setOidcToken(
          OidcToken.newBuilder()
              .setServiceAccountEmail(properties.serviceAccountEmail())
              .setAudience(properties.handlerUrl()));
    }
    // The name is what makes a re-run safe: Cloud Tasks refuses a second task with the same name.
    Task task =
        Task.newBuilder()
            .setName(
                TaskName.of(
                        properties.gcpProject(),
                        properties.gcpLocation(),
                        properties.queue(),
                        identity.taskId(payload.generation())
                            + (suffix == null ? "" : "-" + suffix))
                    .toString())
            .setHttpRequest(http)
            .build();
    return CreateTaskRequest.newBuilder().setParent(properties.queuePath()).setTask(task).build();
  }
}
