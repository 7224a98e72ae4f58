package dev.ittybatch.local.cloudtasks;

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
import io.grpc.ServerServiceDefinition;

/**
 * {@code google.cloud.tasks.v2.CloudTasks} on the wire: each method's name and messages. The
 * generated service stub is not published where this project's dependencies come from, so each
 * method is described by hand from the message classes that ship with the client library.
 */
final class CloudTasksService {

  static final String SERVICE = "google.cloud.tasks.v2.CloudTasks";

  private CloudTasksService() {}

  static ServerServiceDefinition of(Methods methods) {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "CreateQueue",
                CreateQueueRequest.getDefaultInstance(),
                Queue.getDefaultInstance(),
                methods::createQueue))
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "GetQueue",
                GetQueueRequest.getDefaultInstance(),
                Queue.getDefaultInstance(),
                methods::getQueue))
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "UpdateQueue",
                UpdateQueueRequest.getDefaultInstance(),
                Queue.getDefaultInstance(),
                methods::updateQueue))
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "PauseQueue",
                PauseQueueRequest.getDefaultInstance(),
                Queue.getDefaultInstance(),
                request -> methods.pause(request.getName(), true)))
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "ResumeQueue",
                ResumeQueueRequest.getDefaultInstance(),
                Queue.getDefaultInstance(),
                request -> methods.pause(request.getName(), false)))
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "CreateTask",
                CreateTaskRequest.getDefaultInstance(),
                Task.getDefaultInstance(),
                methods::createTask))
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "GetTask",
                GetTaskRequest.getDefaultInstance(),
                Task.getDefaultInstance(),
                methods::getTask))
        .addMethod(
            UnaryMethods.unary(
                SERVICE,
                "DeleteTask",
                DeleteTaskRequest.getDefaultInstance(),
                Empty.getDefaultInstance(),
                methods::deleteTask))
        .build();
  }
}
