package io.modelgate.serving.kserve;

import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.ModelVersionStatus;
import io.modelgate.serving.TensorSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the V2 model metadata body from a version's status. */
final class ModelMetadataMapper {

    private ModelMetadataMapper() {
    }

    static ModelMetadataResponse toResponse(ModelVersionStatus status, List<ModelVersionStatus> allVersions) {
        List<String> versions = allVersions.stream().map(ModelVersionStatus::version).filter(v -> !v.isEmpty()).toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("version", status.version());
        parameters.put("state", status.state().name());
        if (status.reason() != null) {
            parameters.put("reason", status.reason());
        }
        if (status.metadata().isEmpty()) {
            return new ModelMetadataResponse(status.name(), versions, ModelMetadata.PLATFORM, List.of(), List.of(), parameters);
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
        return new ModelMetadataResponse(model.name(), versions, ModelMetadata.PLATFORM, tensors(model.inputs()),
                tensors(model.outputs()), parameters);
    }

    private static List<ModelMetadataResponse.MetadataTensor> tensors(List<TensorSpec> specs) {
        return specs.stream()
                .map(s -> new ModelMetadataResponse.MetadataTensor(s.name(), s.datatype().name(), s.shape()))
                .toList();
    }
}
