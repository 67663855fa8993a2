package io.modelgate.systems.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelVersionStatus;
import io.modelgate.spectra.CosineGreedy;
import io.modelgate.spectra.Ms2DeepScore;
import io.modelgate.spectra.SpectraConfig;
import io.modelgate.spectra.SpectraModels;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumJson;
import io.modelgate.systems.Prediction;
import io.modelgate.systems.Predictions;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemKind;
import io.modelgate.systems.SystemSource;
import io.modelgate.systems.TaskSystem;
import io.modelgate.systems.onnx.OnnxSystems;
import io.modelgate.tasks.InstanceValidator;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskInput;
import io.modelgate.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Systems that answer a spectrum-similarity task (an instance holds two spectrum fields; the answer is a
 * similarity from 0 to 1): every spectra model (the cosine of the two embeddings) and {@value #COSINE_GREEDY}
 * (matchms' CosineGreedy on the peaks, tolerance 0.1: the field's standard non-learned method).
 */
@ApplicationScoped
public class SpectraSystems implements SystemSource {

    public static final String COSINE_GREEDY = "cosine-greedy";

    private final ModelRepository repository;
    private final SpectraModels models;
    private final TaskRepository tasks;
    private final InstanceValidator validator;
    private final String defaultTask;
    private final CosineGreedy cosineGreedy = new CosineGreedy();

    public SpectraSystems(ModelRepository repository, SpectraModels models, TaskRepository tasks,
                          InstanceValidator validator, SpectraConfig config) {
        this.validator = validator;
        this.repository = repository;
        this.models = models;
        this.tasks = tasks;
        this.defaultTask = config.task();
    }

    @Override
    public List<TaskSystem> systems() {
        return Stream.concat(spectraModelNames().stream().<TaskSystem>map(ModelSystem::new),
                Stream.of(new CosineGreedySystem())).toList();
    }

    @Override
    public Optional<TaskSystem> find(String name) {
        if (name.equals(COSINE_GREEDY)) {
            return Optional.of(new CosineGreedySystem());
        }
        return spectraModelNames().contains(name) ? Optional.of(new ModelSystem(name)) : Optional.empty();
    }

    private List<String> spectraModelNames() {
        return repository.index().stream()
                .filter(status -> status.metadata().map(SpectraModels::isSpectraModel).orElse(false))
                .map(ModelVersionStatus::name).distinct().toList();
    }

    /** The task's two spectrum fields of each instance, checked. */
    private List<Spectrum[]> pairs(Task task, List<JsonNode> instances) {
        List<String> fields = task.inputs().stream().filter(i -> i.type() == TaskInput.Type.SPECTRUM)
                .map(TaskInput::name).toList();
        if (task.type() != Task.Type.SIMILARITY || fields.size() != 2) {
            throw new InvalidInputException("task '" + task.name() + "' is not a similarity of two spectra");
        }
        List<Spectrum[]> pairs = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            JsonNode instance = instances.get(i);
            if (instance == null || !instance.isObject()) {
                throw new InvalidInputException("instances[" + i + "] must be an object with fields " + fields);
            }
            validator.validate(task, i, instance, List.of());
            pairs.add(new Spectrum[]{
                    SpectrumJson.read(instance.get(fields.get(0)), "instances[" + i + "]." + fields.get(0), Integer.MAX_VALUE),
                    SpectrumJson.read(instance.get(fields.get(1)), "instances[" + i + "]." + fields.get(1), Integer.MAX_VALUE)});
        }
        return pairs;
    }

    /**
     * The task a system answers: the one it names, else modelgate.spectra.task, else the first similarity task
     * of two spectra.
     */
    private Optional<Task> spectraTask(String named) {
        if (named != null) {
            return tasks.find(named);
        }
        List<Task> candidates = tasks.all().stream().flatMap(t -> t.task().stream())
                .filter(t -> t.type() == Task.Type.SIMILARITY
                        && t.inputs().stream().filter(i -> i.type() == TaskInput.Type.SPECTRUM).count() == 2)
                .toList();
        return candidates.stream().filter(t -> t.name().equals(defaultTask)).findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    private Task requireTask(String system, String named) {
        return spectraTask(named).orElseThrow(() -> new InvalidInputException("system '" + system
                + "' answers no task: there is no similarity task of two spectra" + (named == null ? "" : " named '" + named + "'")));
    }

    private final class ModelSystem implements TaskSystem {

        private final String name;

        ModelSystem(String name) {
            this.name = name;
        }

        @Override
        public SystemInfo info() {
            return OnnxSystems.modelInfo(repository, name, named -> spectraTask(named).map(Task::name).orElse(null));
        }

        @Override
        public Predictions predict(List<JsonNode> instances) {
            Task task = requireTask(name, repository.version(name, OptionalLong.empty()).metadata()
                    .map(ModelMetadata::task).orElse(null));
            List<Spectrum[]> pairs = pairs(task, instances);
            List<Spectrum> spectra = new ArrayList<>(2 * pairs.size());
            pairs.forEach(pair -> {
                spectra.add(pair[0]);
                spectra.add(pair[1]);
            });
            List<String> fields = task.inputs().stream().filter(i -> i.type() == TaskInput.Type.SPECTRUM)
                    .map(TaskInput::name).toList();
            SpectraModels.Embeddings embeddings = models.embed(name, spectra,
                    row -> "instances[" + row / 2 + "]." + fields.get(row % 2));
            List<Prediction> predictions = new ArrayList<>(pairs.size());
            for (int i = 0; i < pairs.size(); i++) {
                predictions.add(Prediction.value(
                        Ms2DeepScore.cosine(embeddings.vectors()[2 * i], embeddings.vectors()[2 * i + 1])));
            }
            return new Predictions(String.valueOf(embeddings.version()), predictions);
        }
    }

    private final class CosineGreedySystem implements TaskSystem {

        @Override
        public SystemInfo info() {
            // Defined by the service's own code: its ledger rows carry the commit of the checkout it runs from.
            return new SystemInfo(COSINE_GREEDY, SystemKind.SIMILARITY_FUNCTION, spectraTask(null).map(Task::name).orElse(null),
                    "1", List.of("1"), "matchms' CosineGreedy on the peaks (tolerance 0.1 m/z, intensities as given):"
                    + " no learning", true, null, null, java.nio.file.Path.of("").toAbsolutePath());
        }

        @Override
        public Predictions predict(List<JsonNode> instances) {
            Task task = requireTask(COSINE_GREEDY, null);
            List<Prediction> predictions = pairs(task, instances).stream()
                    .map(pair -> Prediction.value(cosineGreedy.pair(pair[0], pair[1]).score())).toList();
            // Every spectrum has a peak above 0 (checked with the instance), so no norm is 0.
            return new Predictions("1", predictions);
        }
    }
}
