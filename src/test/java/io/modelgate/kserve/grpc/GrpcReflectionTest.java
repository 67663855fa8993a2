package io.modelgate.kserve.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gRPC reflection on the HTTP port, which is what grpcurl reads to call the service without the .proto file. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class GrpcReflectionTest {

    private static ServerReflectionResponse ask(ManagedChannel channel, ServerReflectionRequest request) throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new AssertionError("no reflection answer"));
                    }
                });
        requests.onNext(request);
        ServerReflectionResponse response = answer.get(30, TimeUnit.SECONDS);
        requests.onCompleted();
        return response;
    }

    @Test
    void reflectionListsTheInferenceServiceAndDescribesItsMessages() throws Exception {
        TestSupport.awaitReady();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        try {
            ServerReflectionResponse services = ask(channel, ServerReflectionRequest.newBuilder().setListServices("").build());
            assertTrue(services.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName)
                    .anyMatch("inference.GRPCInferenceService"::equals), services.toString());
            ServerReflectionResponse file = ask(channel, ServerReflectionRequest.newBuilder()
                    .setFileContainingSymbol("inference.ModelInferRequest").build());
            FileDescriptorProto proto = FileDescriptorProto.parseFrom(
                    file.getFileDescriptorResponse().getFileDescriptorProto(0));
            assertEquals("inference", proto.getPackage());
            assertTrue(proto.getMessageTypeList().stream().anyMatch(m -> m.getName().equals("ModelInferRequest")));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
