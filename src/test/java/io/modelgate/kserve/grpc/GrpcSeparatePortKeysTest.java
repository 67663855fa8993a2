package io.modelgate.kserve.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.kserve.grpc.proto.GRPCInferenceServiceGrpc;
import io.modelgate.kserve.grpc.proto.InferTensorContents;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * On a gRPC port of its own, where the HTTP permissions of application.properties do not apply, ModelInfer still
 * needs a key with the infer role when {@code modelgate.auth.inference=key}.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@TestProfile(GrpcSeparatePortKeysTest.SeparatePortWithKeys.class)
class GrpcSeparatePortKeysTest {

    static final String INFER = "grpc-infer-key-0123456789";

    public static class SeparatePortWithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket free = new ServerSocket(0)) {
                Files.createDirectories(Path.of("target"));
                Path keys = Files.createTempFile(Path.of("target").toAbsolutePath(), "grpc-keys-", ".txt");
                Files.writeString(keys, INFER + " infer\n");
                return Map.of("quarkus.grpc.server.use-separate-server", "true",
                        "quarkus.grpc.server.test-port", Integer.toString(free.getLocalPort()),
                        "modelgate.auth.keys-file", keys.toString(), "modelgate.auth.inference", "key");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        TestSupport.awaitReady();
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(Metadata headers) {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static ModelInferRequest penguin() {
        return ModelInferRequest.newBuilder().setModelName("penguins-mlp")
                .addInputs(GrpcInferenceServiceTest.input("measurements", "FP32", 1, 4)
                        .setContents(InferTensorContents.newBuilder().addAllFp32Contents(List.of(39.1f, 18.7f, 181f, 3750f))))
                .build();
    }

    @Test
    void modelInferWithoutAKeyIsUnauthenticatedOnTheSeparatePort() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub(new Metadata()).modelInfer(penguin()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.getStatus().getDescription());
    }

    @Test
    void modelInferWithAnInferKeyIsAnsweredOnTheSeparatePort() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + INFER);
        assertEquals("penguins-mlp", stub(headers).modelInfer(penguin()).getModelName());
    }
}
