package io.modelgate.systems.onnx;

import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelLease;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelRepositoryConfig;
import io.modelgate.serving.ModelVersionStatus;
import io.modelgate.serving.Tensor;
import io.modelgate.serving.TensorSpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.systems.Predictions;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemKind;
import io.modelgate.systems.SystemSource;
import io.modelgate.systems.TaskSystem;
import io.modelgate.spectra.SpectraModels;
import io.modelgate.tasks.InstanceValidator;
import io.modelgate.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Every model in the repository as a system of the task API, answered by its newest ready version; but for
 * models that embed spectra, which the spectra systems answer (a pair of spectra → the cosine of their embeddings).
 */
@ApplicationScoped
public class OnnxSystems implements SystemSource {

    static final String PROTOCOL = "task";

    private final ModelRepository repository;
    private final InferenceService inference;
    private final TaskRepository tasks;
    private final InstanceValidator validator;
    private final long maxImagePixels;

    public OnnxSystems(ModelRepository repository, InferenceService inference, TaskRepository tasks,
                       InstanceValidator validator, ModelRepositoryConfig config) {
        this.validator = validator;
        this.repository = repository;
        this.inference = inference;
        this.tasks = tasks;
        this.maxImagePixels = config.maxImagePixels();
    }

    @Override
    public List<TaskSystem> systems() {
        java.util.Set<String> spectraModels = spectraModels();
        return repository.index().stream().map(ModelVersionStatus::name).distinct()
                .filter(name -> !spectraModels.contains(name)).<TaskSystem>map(OnnxSystem::new).toList();
    }

    @Override
    public boolean ready() {
        return repository.ready();
    }

    @Override
    public Optional<TaskSystem> find(String name) {
        return repository.index().stream().anyMatch(status -> status.name().equals(name))
                && !spectraModels().contains(name)
                ? Optional.of(new OnnxSystem(name))
                : Optional.empty();
    }

    /**
     * What {@code /api/systems} shows of a model: its answering version, every version, and the task that
     * {@code taskOf} makes of the task its model.yaml names (null when it names none).
     */
    public static SystemInfo modelInfo(ModelRepository repository, String name, UnaryOperator<String> taskOf) {
        ModelVersionStatus current = repository.version(name, OptionalLong.empty());
        List<String> versions = repository.versions(name).stream().map(ModelVersionStatus::version)
                .filter(v -> !v.isEmpty()).toList();
        Optional<ModelMetadata> metadata = current.metadata();
        return new SystemInfo(name, SystemKind.ONNX, taskOf.apply(metadata.map(ModelMetadata::task).orElse(null)),
                current.version().isEmpty() ? null : current.version(), versions,
                metadata.map(ModelMetadata::description).orElse(""), current.ready(), current.reason(),
                metadata.map(ModelMetadata::sha256).orElse(null), repository.folder(name));
    }

    /** The models of which any loaded version embeds spectra: the spectra systems answer for all their versions. */
    private java.util.Set<String> spectraModels() {
        return repository.index().stream().filter(status -> status.metadata().map(SpectraModels::isSpectraModel).orElse(false))
                .map(ModelVersionStatus::name).collect(java.util.stream.Collectors.toSet());
    }

    private final class OnnxSystem implements TaskSystem {

        private final String name;

        OnnxSystem(String name) {
            this.name = name;
        }

        @Override
        public SystemInfo info() {
            return modelInfo(repository, name, task -> task);
        }

        @Override
        public Predictions predict(List<JsonNode> instances) {
            try (ModelLease lease = inference.acquire(name, OptionalLong.empty(), PROTOCOL)) {
                ModelMetadata model = lease.metadata();
                Tensor input;
                try {
                    TensorSpec first = model.inputs().get(0);
                    if (model.inputs().size() == 1 && first.image() != null) {
                        for (int i = 0; i < instances.size(); i++) {
                            int row = i;
                            tasks.find(model.task()).ifPresent(task -> validator.validate(task, row,
                                    instances.get(row), List.of(first.image().field())));
                        }
                        input = ImageEncoder.encode(model, first, instances, maxImagePixels);
                    } else {
                        input = FeatureEncoder.encode(model, tasks.find(model.task()), instances, validator);
                    }
                } catch (InvalidInputException e) {
                    inference.recordInvalidInput(lease, PROTOCOL);
                    throw e;
                }
                Tensor output = inference.infer(lease, List.of(input), List.of(model.predictionOutput().name()), PROTOCOL).get(0);
                return new Predictions(Long.toString(model.version()), PredictionDecoder.decode(model, output, instances.size()));
            }
        }
    }
}
