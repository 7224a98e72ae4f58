package dev.ittybatch.local.cloudtasks;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/**
 * A unary gRPC method described by hand from its request and response messages: the generated
 * service stub is not published where this project's dependencies come from.
 */
final class UnaryMethods {

  private UnaryMethods() {}

  static <Q extends Message, R extends Message> io.grpc.ServerMethodDefinition<Q, R> unary(
      String service, String method, Q request, R response, Function<Q, R> handler) {
    MethodDescriptor<Q, R> descriptor =
        MethodDescriptor.<Q, R>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
            .setRequestMarshaller(ProtoUtils.marshaller(request))
            .setResponseMarshaller(ProtoUtils.marshaller(response))
            .build();
    return io.grpc.ServerMethodDefinition.create(
        descriptor,
        ServerCalls.asyncUnaryCall(
            (Q in, StreamObserver<R> out) -> {
              try {
                out.onNext(handler.apply(in));
                out.onCompleted();
              } catch (io.grpc.StatusRuntimeException e) {
                out.onError(e);
              }
            }));
  }
}
