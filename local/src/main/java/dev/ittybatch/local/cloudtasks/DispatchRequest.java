package dev.ittybatch.local.cloudtasks;

import com.google.cloud.tasks.v2.Task;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * The request an attempt sends: the task's own method, URL, headers and body, with the headers
 * Cloud Tasks adds (https://cloud.google.com/tasks/docs/creating-http-target-tasks#handler).
 */
final class DispatchRequest {

  private DispatchRequest() {}

  static ClassicHttpRequest of(String queueName, Task task, Due attempt) {
    var target = task.getHttpRequest();
    ClassicHttpRequest request =
        ClassicRequestBuilder.create(target.getHttpMethod().name())
            .setUri(target.getUrl())
            .setEntity(new ByteArrayEntity(target.getBody().toByteArray(), null))
            .build();
    target.getHeadersMap().forEach(request::setHeader);
    if (target.hasOidcToken()) {
      // Cloud Tasks sends an ID token for this account; here the token is the account's name, as
      // every caller's is locally, for the target's own check of who may invoke it.
      request.setHeader(
          "Authorization", "Bearer " + target.getOidcToken().getServiceAccountEmail());
    }
    request.setHeader("User-Agent", "Google-Cloud-Tasks");
    request.setHeader("X-CloudTasks-QueueName", shortName(queueName));
    request.setHeader("X-CloudTasks-TaskName", shortName(task.getName()));
    request.setHeader("X-CloudTasks-TaskRetryCount", String.valueOf(attempt.number() - 1));
    request.setHeader("X-CloudTasks-TaskExecutionCount", String.valueOf(attempt.executions()));
    return request;
  }

  /** The last part of a full resource name: a queue's or a task's id. */
  static String shortName(String fullName) {
    return fullName.substring(fullName.lastIndexOf('/') + 1);
  }
}
