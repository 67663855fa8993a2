package io.modelgate.serving;

import io.modelgate.errors.InvalidInputException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a request's tensors against a model version before anything runs; messages follow Triton's
 * wording and name the model, the input and what was expected.
 */
final class InputValidator {

    private InputValidator() {
    }

    static void validate(ModelMetadata model, List<Tensor> inputs, List<String> outputs) {
        String modelName = "model '" + model.name() + "'";
        Set<String> given = new HashSet<>();
        for (Tensor input : inputs) {
            if (!given.add(input.name())) {
                throw new InvalidInputException("input '" + input.name() + "' is given twice for " + modelName);
            }
            if (model.input(input.name()).isEmpty()) {
                throw new InvalidInputException("unexpected inference input '" + input.name() + "' for " + modelName
                        + "; it expects " + names(model.inputs()));
            }
        }
        List<String> missing = model.inputs().stream().map(TensorSpec::name).filter(n -> !given.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("expected " + model.inputs().size() + " inputs but got " + inputs.size()
                    + " inputs for " + modelName + "; missing required input(s) " + quoted(missing));
        }
        long batch = -1;
        String batchInput = null;
        for (Tensor input : inputs) {
            TensorSpec spec = model.input(input.name()).orElseThrow();
            checkOne(model, spec, input);
            if (spec.batched()) {
                long rows = input.shape()[0];
                if (batchInput != null && rows != batch) {
                    throw new InvalidInputException("inputs '" + batchInput + "' and '" + input.name() + "' of "
                            + modelName + " have different batch sizes, " + batch + " and " + rows);
                }
                batch = rows;
                batchInput = input.name();
            }
        }
        Set<String> requested = new HashSet<>();
        for (String output : outputs) {
            if (model.output(output).isEmpty()) {
                throw new InvalidInputException("unexpected inference output '" + output + "' for " + modelName
                        + "; it has " + names(model.outputs()));
            }
            if (!requested.add(output)) {
                throw new InvalidInputException("output '" + output + "' is requested twice for " + modelName);
            }
        }
    }

    /** The batch size of a validated request: the first dimension of its batched inputs, else 1. */
    static long batchSize(ModelMetadata model, List<Tensor> inputs) {
        for (Tensor input : inputs) {
            if (model.input(input.name()).map(TensorSpec::batched).orElse(false)) {
                return input.shape()[0];
            }
        }
        return 1;
    }

    private static void checkOne(ModelMetadata model, TensorSpec spec, Tensor input) {
        String where = "input '" + input.name() + "' for model '" + model.name() + "'";
        if (input.datatype() != spec.datatype()) {
            throw new InvalidInputException("inference input '" + input.name() + "' data-type is '" + input.datatype()
                    + "', but model '" + model.name() + "' expects '" + spec.datatype() + "'");
        }
        if (!spec.accepts(input.shape())) {
            throw new InvalidInputException("unexpected shape for " + where + ". Expected " + spec.shapeText()
                    + ", got " + ModelSignatures.text(input.shape()));
        }
        if (spec.batched() && input.shape()[0] > model.maxBatchSize()) {
            throw new InvalidInputException("inference request batch-size must be <= " + model.maxBatchSize()
                    + " for model '" + model.name() + "'; input '" + input.name() + "' has a batch of " + input.shape()[0]);
        }
        long elements = input.elementCount();
        long carried = input.datatype() == DataType.BYTES
                ? input.strings().size()
                : input.buffer().capacity() / input.datatype().elementBytes();
        if (carried != elements) {
            throw new InvalidInputException(where + " has " + carried + " elements but its shape "
                    + ModelSignatures.text(input.shape()) + " needs " + elements);
        }
        if (input.datatype().isFloatingPoint() && !spec.allowNonFinite()) {
            long at = firstNonFinite(input.datatype(), input.buffer(), elements);
            if (at >= 0) {
                throw new InvalidInputException(where + " has a non-finite value (NaN or Infinity) at element " + at
                        + "; this input expects finite numbers");
            }
        }
    }

    private static long firstNonFinite(DataType datatype, ByteBuffer buffer, long elements) {
        for (int i = 0; i < elements; i++) {
            double value = switch (datatype) {
                case FP16 -> ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat(buffer.getShort(i * 2));
                case FP32 -> buffer.getFloat(i * 4);
                default -> buffer.getDouble(i * 8);
            };
            if (!Double.isFinite(value)) {
                return i;
            }
        }
        return -1;
    }

    private static String names(List<TensorSpec> specs) {
        return quoted(specs.stream().map(TensorSpec::name).toList());
    }

    private static String quoted(List<String> names) {
        return new ArrayList<>(names).stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
