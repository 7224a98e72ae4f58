package dev.ittybatch.local.iamcredentials;

import com.google.cloud.iam.credentials.v1.SignBlobRequest;
import com.google.cloud.iam.credentials.v1.SignBlobResponse;
import dev.ittybatch.local.iam.CallLog;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of {@code google.iam.credentials.v1.IAMCredentials} this project calls, {@code
 * SignBlob}, on loopback over plaintext gRPC, for {@code IAM_CREDENTIALS_EMULATOR_HOST}. The
 * generated service stub is not published where this project's dependencies come from, so the
 * method is described by hand from the message classes google-cloud-iamcredentials ships, as the
 * Cloud Tasks emulator's are. The caller is the account its {@code authorization: Bearer <email>}
 * names; every call is checked against the run's policy and recorded as {@code
 * iam.serviceAccounts.signBlob} on {@code projects/P/serviceAccounts/EMAIL}.
 */
public final class IamCredentialsStandIn implements AutoCloseable {

  static final String SERVICE = "google.iam.credentials.v1.IAMCredentials";

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Context.Key<String> CALLER = Context.key("caller");

  private final Signer signer;
  private final ExecutorService calls;
  private final Server server;

  /**
   * @param project the project of accounts whose email does not name one
   * @param keys the accounts and their keys
   * @param log where each call is checked and recorded
   */
  public IamCredentialsStandIn(String project, ServiceAccountKeys keys, CallLog log)
      throws IOException {
    this.signer = new Signer(project, keys, log);
    MethodDescriptor<SignBlobRequest, SignBlobResponse> signBlob =
        MethodDescriptor.<SignBlobRequest, SignBlobResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "SignBlob"))
            .setRequestMarshaller(ProtoUtils.marshaller(SignBlobRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(SignBlobResponse.getDefaultInstance()))
            .build();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                signBlob,
                ServerCalls.asyncUnaryCall(
                    (request, answer) -> {
                      try {
                        answer.onNext(signer.signBlob(CALLER.get(), request));
                        answer.onCompleted();
                      } catch (StatusRuntimeException refused) {
                        answer.onError(refused);
                      }
                    }))
            .build();
    AtomicInteger threads = new AtomicInteger();
    this.calls =
        Executors.newFixedThreadPool(
            4,
            work -> {
              Thread thread =
                  new Thread(work, "iam-credentials-stand-in-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .executor(calls)
            .addService(ServerInterceptors.intercept(service, new NamesTheCaller()))
            .build()
            .start();
  }

  /** {@code host:port}, for {@code IAM_CREDENTIALS_EMULATOR_HOST}. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Signatures made so far. */
  public long signatures() {
    return signer.signatures();
  }

  /**
   * The share of calls answered UNAVAILABLE, as a Google API now and then is: the caller's retry
   * must carry it (0 by default).
   */
  public void unavailable(double share) {
    signer.unavailable(share);
  }

  /** The caller's bearer token, for the call's handler. */
  private static final class NamesTheCaller implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      return Contexts.interceptCall(
          Context.current().withValue(CALLER, headers.get(AUTHORIZATION)), call, headers, next);
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    calls.shutdownNow();
  }
}
