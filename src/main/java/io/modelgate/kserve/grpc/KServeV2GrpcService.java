package io.modelgate.kserve.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.stub.StreamObserver;
import io.modelgate.errors.ApiException;
import io.modelgate.kserve.V2Answers;
import io.modelgate.kserve.grpc.proto.GRPCInferenceServiceGrpc;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.modelgate.kserve.grpc.proto.ModelInferResponse;
import io.modelgate.kserve.grpc.proto.ModelMetadataRequest;
import io.modelgate.kserve.grpc.proto.ModelMetadataResponse;
import io.modelgate.kserve.grpc.proto.ModelReadyRequest;
import io.modelgate.kserve.grpc.proto.ModelReadyResponse;
import io.modelgate.kserve.grpc.proto.ServerLiveRequest;
import io.modelgate.kserve.grpc.proto.ServerLiveResponse;
import io.modelgate.kserve.grpc.proto.ServerMetadataRequest;
import io.modelgate.kserve.grpc.proto.ServerMetadataResponse;
import io.modelgate.kserve.grpc.proto.ServerReadyRequest;
import io.modelgate.kserve.grpc.proto.ServerReadyResponse;
import io.modelgate.systems.Servable;
import io.modelgate.systems.Servables;
import io.modelgate.systems.SystemRegistry;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The KServe V2 gRPC service, {@code inference.GRPCInferenceService}: the same answers as the REST endpoints,
 * through the same {@link Servables} and {@link V2Answers}. Calls arrive on the event loop. {@code ModelInfer} is
 * answered there when the servable says a request may run inline (a small ONNX model, as the REST route decides),
 * and handed to a worker thread otherwise, since it then waits on ONNX Runtime or an LLM; liveness is answered
 * there too, and the other calls, which read the registry, on a worker.
 */
@GrpcService
@Blocking
public class KServeV2GrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private final Servables servables;
    private final SystemRegistry systems;
    private final ObjectMapper json;
    private final String serverVersion;
    private final Vertx vertx;

    public KServeV2GrpcService(Servables servables, SystemRegistry systems, ObjectMapper json,
                               @ConfigProperty(name = "quarkus.application.version") String serverVersion, Vertx vertx) {
        this.servables = servables;
        this.systems = systems;
        this.json = json;
        this.serverVersion = serverVersion;
        this.vertx = vertx;
    }

    @Override
    @NonBlocking
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        answer(answer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        answer(answer, () -> ServerReadyResponse.newBuilder().setReady(systems.ready()).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        answer(answer, () -> ServerMetadataResponse.newBuilder().setName("modelgate").setVersion(serverVersion)
                .addAllExtensions(V2Answers.EXTENSIONS).build());
    }

    /** Ready, or UNAVAILABLE with the reason, as REST answers 503: the same {@link V2Answers#readiness}. */
    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        answer(answer, () -> {
            V2Answers.readiness(servables.get(request.getName()).metadata(version(request.getVersion())));
            return ModelReadyResponse.newBuilder().setReady(true).build();
        });
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        answer(answer, () -> GrpcResponses.metadata(V2Answers.metadata(
                servables.get(request.getName()).metadata(version(request.getVersion()))), json));
    }

    @Override
    @NonBlocking
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
        Optional<String> version = version(request.getModelVersion());
        if (answersInline(request.getModelName(), version)) {
            answer(answer, () -> infer(request, version));
        } else {
            vertx.executeBlocking(() -> {
                answer(answer, () -> infer(request, version));
                return null;
            }, false);
        }
    }

    private ModelInferResponse infer(ModelInferRequest request, Optional<String> version) {
        Servable servable = servables.get(request.getModelName());
        return GrpcResponses.infer(request, servable.infer(version, new GrpcInferenceInputs(servable.name(), request)));
    }

    /** An unknown model is answered on a worker too, where {@link #infer} says so as for any other call. */
    private boolean answersInline(String model, Optional<String> version) {
        try {
            return servables.get(model).answersInline(version);
        } catch (ApiException e) {
            return false;
        }
    }

    /** The protocol's empty version: the one the server chooses. */
    private static Optional<String> version(String version) {
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }

    private static <T> void answer(StreamObserver<T> observer, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcStatuses.of(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
