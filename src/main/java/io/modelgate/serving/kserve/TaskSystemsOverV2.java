package io.modelgate.serving.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import io.modelgate.systems.Prediction;
import io.modelgate.systems.Predictions;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemRegistry;
import io.modelgate.systems.TaskSystem;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Systems that are not ONNX models (prompts bound to LLMs) over the V2 protocol: one BYTES input
 * {@code instances} holding one JSON record per row, and per row the answer ({@code label} as BYTES,
 * or {@code value} as FP64) and whether it was {@code invalid}.
 */
@ApplicationScoped
public class TaskSystemsOverV2 {

    static final String INPUT = "instances";
    static final String PLATFORM = "llm-prompt";

    private final SystemRegistry systems;
    private final TaskRepository tasks;
    private final ObjectMapper json;

    public TaskSystemsOverV2(SystemRegistry systems, TaskRepository tasks, ObjectMapper json) {
        this.systems = systems;
        this.tasks = tasks;
        this.json = json;
    }

    /** The system of that name, if it is one that is served this way. */
    Optional<TaskSystem> find(String name) {
        try {
            TaskSystem system = systems.get(name);
            return "onnx".equals(system.info().kind()) ? Optional.empty() : Optional.of(system);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    List<RepositoryIndexEntry> rows() {
        return systems.all().stream().map(TaskSystem::info).filter(info -> !"onnx".equals(info.kind()))
                .map(info -> new RepositoryIndexEntry(info.name(), info.version() == null ? "" : info.version(),
                        info.ready() ? "READY" : "UNAVAILABLE", info.reason()))
                .toList();
    }

    ModelMetadataResponse metadata(TaskSystem system, Optional<String> version) {
        SystemInfo info = system.info();
        checkVersion(info, version);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("version", info.version());
        parameters.put("state", info.ready() ? "READY" : "UNAVAILABLE");
        if (info.reason() != null) {
            parameters.put("reason", info.reason());
        }
        parameters.put("kind", info.kind());
        if (info.task() != null) {
            parameters.put("task", info.task());
        }
        parameters.put("description", info.description());
        if (info.sha256() != null) {
            parameters.put("sha256", info.sha256());
        }
        boolean regression = regression(info);
        List<ModelMetadataResponse.MetadataTensor> outputs = List.of(
                regression ? new ModelMetadataResponse.MetadataTensor("value", "FP64", new long[]{-1})
                        : new ModelMetadataResponse.MetadataTensor("label", "BYTES", new long[]{-1}),
                new ModelMetadataResponse.MetadataTensor("invalid", "BOOL", new long[]{-1}));
        return new ModelMetadataResponse(info.name(), info.versions(), PLATFORM,
                List.of(new ModelMetadataResponse.MetadataTensor(INPUT, "BYTES", new long[]{-1})), outputs, parameters);
    }

    Map<String, Object> readiness(TaskSystem system, Optional<String> version) {
        SystemInfo info = system.info();
        checkVersion(info, version);
        if (!info.ready()) {
            throw new NotReadyException("model '" + info.name() + "' is not ready: " + info.reason());
        }
        return Map.of("name", info.name(), "version", info.version(), "ready", true);
    }

    InferenceResponse infer(TaskSystem system, Optional<String> version, InferenceRequest request) {
        SystemInfo info = system.info();
        checkVersion(info, version);
        String where = "model '" + info.name() + "'";
        if (request == null || request.inputs() == null || request.inputs().size() != 1
                || request.inputs().get(0) == null || !INPUT.equals(request.inputs().get(0).name())) {
            throw new InvalidInputException(where + " takes exactly one input, '" + INPUT
                    + "': BYTES, one JSON object of the task's fields per row");
        }
        Tensor input = TensorCodec.decode(info.name(), 0, request.inputs().get(0));
        if (input.datatype() != DataType.BYTES || input.shape().length != 1) {
            throw new InvalidInputException("input '" + INPUT + "' for " + where + " must be BYTES of shape [rows], got "
                    + input.datatype() + Arrays.toString(input.shape()).replace(" ", ""));
        }
        List<JsonNode> instances = new ArrayList<>();
        for (int i = 0; i < input.strings().size(); i++) {
            try {
                JsonNode instance = json.readTree(input.strings().get(i));
                if (instance == null || !instance.isObject()) {
                    throw new InvalidInputException("element " + i + " of input '" + INPUT + "' for " + where
                            + " is not a JSON object of the task's fields");
                }
                instances.add(instance);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("element " + i + " of input '" + INPUT + "' for " + where
                        + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (instances.isEmpty()) {
            throw new InvalidInputException("input '" + INPUT + "' for " + where + " has no rows");
        }
        Predictions answer = system.predict(instances);
        List<InferenceResponse.ResponseOutput> outputs = outputs(info, answer.predictions(), request);
        return new InferenceResponse(info.name(), answer.version(), request.id(), null, outputs);
    }

    private List<InferenceResponse.ResponseOutput> outputs(SystemInfo info, List<Prediction> predictions,
                                                           InferenceRequest request) {
        long[] shape = {predictions.size()};
        boolean regression = regression(info);
        boolean[] invalid = new boolean[predictions.size()];
        List<InferenceResponse.ResponseOutput> all = new ArrayList<>();
        if (regression) {
            double[] values = new double[predictions.size()];
            for (int i = 0; i < values.length; i++) {
                Prediction p = predictions.get(i);
                invalid[i] = Boolean.TRUE.equals(p.invalid());
                values[i] = p.value() == null ? Double.NaN : p.value();
            }
            all.add(new InferenceResponse.ResponseOutput("value", shape, "FP64", values));
        } else {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < predictions.size(); i++) {
                Prediction p = predictions.get(i);
                invalid[i] = Boolean.TRUE.equals(p.invalid());
                labels.add(p.label() == null ? "" : p.label());
            }
            all.add(new InferenceResponse.ResponseOutput("label", shape, "BYTES", labels));
        }
        all.add(new InferenceResponse.ResponseOutput("invalid", shape, "BOOL", invalid));
        if (request.outputs() == null || request.outputs().isEmpty()) {
            return all;
        }
        List<InferenceResponse.ResponseOutput> wanted = new ArrayList<>();
        for (InferenceRequest.RequestOutput output : request.outputs()) {
            String name = output == null ? null : output.name();
            wanted.add(all.stream().filter(o -> o.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("unexpected inference output '" + name + "' for model '"
                            + info.name() + "'; it has " + all.stream().map(o -> "'" + o.name() + "'").toList())));
        }
        return wanted;
    }

    private boolean regression(SystemInfo info) {
        return tasks.find(info.task()).map(task -> task.type() != Task.Type.CLASSIFICATION).orElse(false);
    }

    private static void checkVersion(SystemInfo info, Optional<String> version) {
        if (version.isPresent() && !info.versions().contains(version.get())) {
            throw new NotFoundException("Request for unknown model: '" + info.name() + "' version " + version.get()
                    + " is not found");
        }
    }
}
