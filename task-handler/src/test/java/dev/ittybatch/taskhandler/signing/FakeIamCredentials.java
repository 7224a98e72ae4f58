package dev.ittybatch.taskhandler.signing;

import com.google.cloud.iam.credentials.v1.SignBlobRequest;
import com.google.cloud.iam.credentials.v1.SignBlobResponse;
import com.google.protobuf.ByteString;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code google.iam.credentials.v1.IAMCredentials/SignBlob} on loopback, described by hand (the
 * generated service stub is not published): signs with a key of its own and keeps what it was asked
 * and by whom, for a test of the task-handler's signer as deployed.
 */
public final class FakeIamCredentials implements AutoCloseable {

  /** One signBlob call: the account asked for and the caller's authorization header. */
  public record SignCall(String name, String authorization) {}

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final io.grpc.Context.Key<String> CALLER = io.grpc.Context.key("caller");

  public final KeyPair keys;
  public final List<SignCall> calls = new CopyOnWriteArrayList<>();
  private final Server server;

  /** Started, or the test class cannot load. */
  public static FakeIamCredentials start() {
    try {
      return new FakeIamCredentials();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot start the fake: " + e, e);
    }
  }

  private FakeIamCredentials() throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    MethodDescriptor<SignBlobRequest, SignBlobResponse> signBlob =
        MethodDescriptor.<SignBlobRequest, SignBlobResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("google.iam.credentials.v1.IAMCredentials/SignBlob")
            .setRequestMarshaller(ProtoUtils.marshaller(SignBlobRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(SignBlobResponse.getDefaultInstance()))
            .build();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("google.iam.credentials.v1.IAMCredentials")
            .addMethod(
                signBlob,
                ServerCalls.asyncUnaryCall(
                    (request, answer) -> {
                      calls.add(new SignCall(request.getName(), CALLER.get()));
                      answer.onNext(
                          SignBlobResponse.newBuilder()
                              .setKeyId("fake")
                              .setSignedBlob(ByteString.copyFrom(sign(request.getPayload())))
                              .build());
                      answer.onCompleted();
                    }))
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerInterceptors.intercept(
                    service,
                    new io.grpc.ServerInterceptor() {
                      @Override
                      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                          io.grpc.ServerCall<Q, R> call,
                          Metadata headers,
                          io.grpc.ServerCallHandler<Q, R> next) {
                        return Contexts.interceptCall(
                            io.grpc.Context.current().withValue(CALLER, headers.get(AUTHORIZATION)),
                            call,
                            headers,
                            next);
                      }
                    }))
            .build()
            .start();
  }

  private byte[] sign(ByteString payload) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.getPrivate());
      rsa.update(payload.toByteArray());
      return rsa.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code host:port}, for {@code IAM_CREDENTIALS_EMULATOR_HOST}. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
