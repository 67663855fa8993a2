package io.modelgate.systems.onnx;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelLease;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelVersionStatus;
import io.modelgate.serving.Tensor;
import io.modelgate.serving.TensorSpec;
import io.modelgate.systems.InferenceInputs;
import io.modelgate.systems.InferenceOutputs;
import io.modelgate.systems.Servable;
import io.modelgate.systems.ServableMetadata;
import io.modelgate.systems.ServableStatus;
import io.modelgate.systems.SystemKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One model of the repository over the V2 protocol: its versions, their own input and output tensors, run
 * through the inference service (reference-counted versions, concurrency permits, metrics).
 */
final class OnnxServable implements Servable {

    private final String name;
    private final ModelRepository repository;
    private final InferenceService inference;

    OnnxServable(String name, ModelRepository repository, InferenceService inference) {
        this.name = name;
        this.repository = repository;
        this.inference = inference;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ServableMetadata metadata(Optional<String> version) {
        ModelVersionStatus status = repository.version(name, parseVersion(version));
        List<String> versions = repository.versions(name).stream().map(ModelVersionStatus::version)
                .filter(v -> !v.isEmpty()).toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (status.metadata().isEmpty()) {
            return new ServableMetadata(name, status.version(), versions, SystemKind.ONNX.platform(), List.of(), List.of(),
                    status.state(), status.reason(), parameters);
        }
        ModelMetadata model = status.metadata().get();
        parameters.put("execution_provider", model.executionProvider());
        if (model.task() != null) {
            parameters.put("task", model.task());
        }
        parameters.put("description", model.description());
        if (!model.labels().isEmpty()) {
            parameters.put("labels", model.labels());
        }
        parameters.put("max_batch_size", model.maxBatchSize());
        parameters.put("sha256", model.sha256());
        return new ServableMetadata(model.name(), status.version(), versions, SystemKind.ONNX.platform(),
                tensors(model.inputs()), tensors(model.outputs()), status.state(), status.reason(), parameters);
    }

    @Override
    public InferenceOutputs infer(Optional<String> version, InferenceInputs request) {
        try (ModelLease lease = inference.acquire(name, parseVersion(version), request.protocol())) {
            List<Tensor> inputs;
            List<String> outputs;
            try {
                inputs = request.inputs();
                outputs = request.outputs();
            } catch (InvalidInputException e) {
                inference.recordInvalidInput(lease, request.protocol());
                throw e;
            }
            List<Tensor> results = inference.infer(lease, inputs, outputs, request.protocol());
            return new InferenceOutputs(name, Long.toString(lease.metadata().version()), results);
        }
    }

    @Override
    public boolean answersInline(Optional<String> version) {
        try {
            return inference.answersInline(name, parseVersion(version));
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public List<ServableStatus> index() {
        return rows(repository.versions(name));
    }

    static List<ServableStatus> rows(List<ModelVersionStatus> statuses) {
        return statuses.stream().map(s -> new ServableStatus(s.name(), s.version(), s.state(), s.reason())).toList();
    }

    private static List<ServableMetadata.TensorDescription> tensors(List<TensorSpec> specs) {
        return specs.stream().map(s -> new ServableMetadata.TensorDescription(s.name(), s.datatype(), s.shape())).toList();
    }

    private OptionalLong parseVersion(Optional<String> version) {
        if (version.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long parsed = Long.parseLong(version.get());
            if (parsed >= 1) {
                return OptionalLong.of(parsed);
            }
        } catch (NumberFormatException ignored) {
            // Falls through to the same answer as any other version that does not exist.
        }
        throw new NotFoundException("Request for unknown model: '" + name + "' version '" + version.get()
                + "' is not found; versions are whole numbers from 1");
    }
}
