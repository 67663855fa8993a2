package io.modelgate.serving.kserve;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelLease;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelVersionStatus;
import io.modelgate.serving.Tensor;
import io.modelgate.systems.TaskSystem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The KServe V2 (Open Inference Protocol) REST endpoints: health, metadata and inference, for ONNX
 * models and, through {@link TaskSystemsOverV2}, for prompt systems.
 */
@Path("/v2")
public class KServeV2Resource {

    static final String API = "v2";

    private final ModelRepository repository;
    private final InferenceService inference;
    private final TaskSystemsOverV2 otherSystems;
    private final String serverVersion;

    public KServeV2Resource(ModelRepository repository, InferenceService inference, TaskSystemsOverV2 otherSystems,
                            @ConfigProperty(name = "quarkus.application.version") String serverVersion) {
        this.repository = repository;
        this.inference = inference;
        this.otherSystems = otherSystems;
        this.serverVersion = serverVersion;
    }

    /** A prompt system of that name, when no ONNX model has it. */
    private Optional<TaskSystem> otherSystem(String model) {
        return repository.contains(model) ? Optional.empty() : otherSystems.find(model);
    }

    @GET
    public ServerMetadataResponse server() {
        return new ServerMetadataResponse("modelgate", serverVersion, List.of("model_repository"));
    }

    @GET
    @Path("health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("health/ready")
    public Response ready() {
        boolean ready = repository.ready();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    /** Every model version and every prompt system, with its state (not in the V2 spec). */
    @GET
    @Path("models")
    public Map<String, List<RepositoryIndexEntry>> models() {
        List<RepositoryIndexEntry> rows = new ArrayList<>(ModelRepositoryResource.rows(repository.index()));
        rows.addAll(otherSystems.rows());
        return Map.of("models", rows);
    }

    @GET
    @Path("models/{model}")
    public ModelMetadataResponse modelMetadata(@PathParam("model") String model) {
        Optional<TaskSystem> other = otherSystem(model);
        if (other.isPresent()) {
            return otherSystems.metadata(other.get(), Optional.empty());
        }
        return ModelMetadataMapper.toResponse(repository.version(model, OptionalLong.empty()), repository.versions(model));
    }

    @GET
    @Path("models/{model}/versions/{version}")
    public ModelMetadataResponse versionMetadata(@PathParam("model") String model, @PathParam("version") String version) {
        Optional<TaskSystem> other = otherSystem(model);
        if (other.isPresent()) {
            return otherSystems.metadata(other.get(), Optional.of(version));
        }
        return ModelMetadataMapper.toResponse(repository.version(model, parseVersion(model, version)), repository.versions(model));
    }

    @GET
    @Path("models/{model}/ready")
    public Map<String, Object> modelReady(@PathParam("model") String model) {
        Optional<TaskSystem> other = otherSystem(model);
        if (other.isPresent()) {
            return otherSystems.readiness(other.get(), Optional.empty());
        }
        return readiness(repository.version(model, OptionalLong.empty()));
    }

    @GET
    @Path("models/{model}/versions/{version}/ready")
    public Map<String, Object> versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        Optional<TaskSystem> other = otherSystem(model);
        if (other.isPresent()) {
            return otherSystems.readiness(other.get(), Optional.of(version));
        }
        return readiness(repository.version(model, parseVersion(model, version)));
    }

    @POST
    @Path("models/{model}/infer")
    public InferenceResponse infer(@PathParam("model") String model, InferenceRequest request) {
        Optional<TaskSystem> other = otherSystem(model);
        if (other.isPresent()) {
            return otherSystems.infer(other.get(), Optional.empty(), request);
        }
        return run(model, OptionalLong.empty(), request);
    }

    @POST
    @Path("models/{model}/versions/{version}/infer")
    public InferenceResponse inferVersion(@PathParam("model") String model, @PathParam("version") String version,
                                          InferenceRequest request) {
        Optional<TaskSystem> other = otherSystem(model);
        if (other.isPresent()) {
            return otherSystems.infer(other.get(), Optional.of(version), request);
        }
        return run(model, parseVersion(model, version), request);
    }

    private InferenceResponse run(String model, OptionalLong version, InferenceRequest request) {
        try (ModelLease lease = inference.acquire(model, version, API)) {
            ParsedRequest parsed;
            try {
                parsed = parse(model, request);
            } catch (InvalidInputException e) {
                inference.recordInvalidInput(lease, API);
                throw e;
            }
            List<InferenceResponse.ResponseOutput> outputs = inference.infer(lease, parsed.inputs(), parsed.outputs(), API)
                    .stream()
                    .map(t -> new InferenceResponse.ResponseOutput(t.name(), t.shape(), t.datatype().name(), TensorCodec.encode(t)))
                    .toList();
            return new InferenceResponse(model, Long.toString(lease.metadata().version()), request.id(), null, outputs);
        }
    }

    private record ParsedRequest(List<Tensor> inputs, List<String> outputs) {
    }

    private static ParsedRequest parse(String model, InferenceRequest request) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw new InvalidInputException("the request for model '" + model + "' has no 'inputs'; expected "
                    + "a list of {name, shape, datatype, data}");
        }
        List<Tensor> inputs = new ArrayList<>(request.inputs().size());
        for (int i = 0; i < request.inputs().size(); i++) {
            inputs.add(TensorCodec.decode(model, i, request.inputs().get(i)));
        }
        List<String> outputNames = new ArrayList<>();
        if (request.outputs() != null) {
            for (int i = 0; i < request.outputs().size(); i++) {
                InferenceRequest.RequestOutput output = request.outputs().get(i);
                if (output == null || output.name() == null) {
                    throw new InvalidInputException("outputs[" + i + "] for model '" + model + "' has no 'name'");
                }
                outputNames.add(output.name());
            }
        }
        return new ParsedRequest(inputs, outputNames);
    }

    private static Map<String, Object> readiness(ModelVersionStatus status) {
        if (!status.ready()) {
            throw new NotReadyException("model '" + status.name() + "'" + (status.version().isEmpty() ? "" : " version "
                    + status.version()) + " is not ready (" + status.state()
                    + (status.reason() == null ? "" : ": " + status.reason()) + ")");
        }
        return Map.of("name", status.name(), "version", status.version(), "ready", true);
    }

    static OptionalLong parseVersion(String model, String version) {
        try {
            long parsed = Long.parseLong(version);
            if (parsed >= 1) {
                return OptionalLong.of(parsed);
            }
        } catch (NumberFormatException ignored) {
            // Falls through to the same answer as any other version that does not exist.
        }
        throw new NotFoundException("Request for unknown model: '" + model + "' version '" + version
                + "' is not found; versions are whole numbers from 1");
    }
}
