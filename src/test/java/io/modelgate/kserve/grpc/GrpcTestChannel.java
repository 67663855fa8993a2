package io.modelgate.kserve.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.modelgate.kserve.grpc.proto.GRPCInferenceServiceGrpc;
import io.restassured.RestAssured;

import java.util.concurrent.TimeUnit;

/**
 * A plaintext channel to the test application's HTTP port (random in tests; RestAssured knows it): gRPC is served
 * there, not on a port of its own.
 */
final class GrpcTestChannel implements AutoCloseable {

    private final ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port)
            .usePlaintext().maxInboundMessageSize(64 << 20).build();

    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
