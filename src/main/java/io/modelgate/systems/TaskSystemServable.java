package io.modelgate.systems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import io.modelgate.serving.VersionState;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task system over the V2 protocol: one BYTES input {@value #INPUT} holding one JSON object of the task's
 * fields per row, and per row the answer ({@code label} as BYTES, or {@code value} as FP64) and whether it
 * was {@code invalid}.
 */
final class TaskSystemServable implements Servable {

    static final String INPUT = "instances";

    private final TaskSystem system;
    private final TaskRepository tasks;
    private final ObjectMapper json;

    TaskSystemServable(TaskSystem system, TaskRepository tasks, ObjectMapper json) {
        this.system = system;
        this.tasks = tasks;
        this.json = json;
    }

    @Override
    public String name() {
        return system.info().name();
    }

    @Override
    public ServableMetadata metadata(Optional<String> version) {
        SystemInfo info = system.info();
        checkVersion(info, version);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("kind", info.kind());
        if (info.task() != null) {
            parameters.put("task", info.task());
        }
        parameters.put("description", info.description());
        if (info.sha256() != null) {
            parameters.put("sha256", info.sha256());
        }
        List<ServableMetadata.TensorDescription> outputs = List.of(
                regression(info) ? new ServableMetadata.TensorDescription("value", DataType.FP64, new long[]{-1})
                        : new ServableMetadata.TensorDescription("label", DataType.BYTES, new long[]{-1}),
                new ServableMetadata.TensorDescription("invalid", DataType.BOOL, new long[]{-1}));
        return new ServableMetadata(info.name(), info.version(), info.versions(), info.kind().platform(),
                List.of(new ServableMetadata.TensorDescription(INPUT, DataType.BYTES, new long[]{-1})), outputs,
                info.ready() ? VersionState.READY : VersionState.UNAVAILABLE, info.reason(), parameters);
    }

    @Override
    public List<ServableStatus> index() {
        SystemInfo info = system.info();
        return List.of(new ServableStatus(info.name(), info.version() == null ? "" : info.version(),
                info.ready() ? VersionState.READY : VersionState.UNAVAILABLE, info.reason()));
    }

    @Override
    public InferenceOutputs infer(Optional<String> version, InferenceInputs request) {
        SystemInfo info = system.info();
        checkVersion(info, version);
        List<Tensor> inputs = request.inputs();
        String where = "model '" + info.name() + "'";
        if (inputs.size() != 1 || !INPUT.equals(inputs.get(0).name())) {
            throw new InvalidInputException(where + " takes exactly one input, '" + INPUT
                    + "': BYTES, one JSON object of the task's fields per row");
        }
        Tensor input = inputs.get(0);
        if (input.datatype() != DataType.BYTES || input.shape().length != 1) {
            throw new InvalidInputException("input '" + INPUT + "' for " + where + " must be BYTES of shape [rows], got "
                    + input.datatype() + Arrays.toString(input.shape()).replace(" ", ""));
        }
        List<JsonNode> instances = instances(where, input.strings());
        List<String> wanted = request.outputs();
        List<String> known = List.of(regression(info) ? "value" : "label", "invalid");
        for (String name : wanted) {
            if (!known.contains(name)) {
                // Checked before the system answers: an LLM call is not spent on a request that cannot be answered.
                throw new InvalidInputException("unexpected inference output '" + name + "' for model '" + info.name()
                        + "'; it has " + known.stream().map(n -> "'" + n + "'").toList());
            }
        }
        Predictions answer = system.predict(instances);
        List<Tensor> all = outputs(info, answer.predictions());
        List<Tensor> outputs = wanted.isEmpty() ? all
                : wanted.stream().map(name -> all.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow()).toList();
        return new InferenceOutputs(info.name(), answer.version(), outputs);
    }

    private List<JsonNode> instances(String where, List<String> rows) {
        List<JsonNode> instances = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                JsonNode instance = json.readTree(rows.get(i));
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
        return instances;
    }

    private List<Tensor> outputs(SystemInfo info, List<Prediction> predictions) {
        int rows = predictions.size();
        long[] shape = {rows};
        ByteBuffer invalid = Tensor.allocate(DataType.BOOL, rows);
        for (int i = 0; i < rows; i++) {
            invalid.put(i, (byte) (Boolean.TRUE.equals(predictions.get(i).invalid()) ? 1 : 0));
        }
        Tensor answer;
        if (regression(info)) {
            ByteBuffer values = Tensor.allocate(DataType.FP64, rows);
            for (int i = 0; i < rows; i++) {
                Double value = predictions.get(i).value();
                values.putDouble(i * Double.BYTES, value == null ? Double.NaN : value);
            }
            answer = Tensor.numeric("value", DataType.FP64, shape, values);
        } else {
            answer = Tensor.strings("label", shape, predictions.stream()
                    .map(p -> p.label() == null ? "" : p.label()).toList());
        }
        return List.of(answer, Tensor.numeric("invalid", DataType.BOOL, shape, invalid));
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
