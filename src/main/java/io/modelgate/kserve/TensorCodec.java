package io.modelgate.kserve;

import ai.onnxruntime.platform.Fp16Conversions;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Converts between the V2 JSON tensor encoding ({@code shape}, {@code datatype}, {@code data}) and {@link Tensor}s. */
public final class TensorCodec {

    private static final String V2_DATATYPES = Arrays.stream(DataType.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private TensorCodec() {
    }

    /** Reads one request input; {@code model} only names the model in error messages. */
    static Tensor decode(String model, int index, InferenceRequest.RequestInput input) {
        return decode(model, index, input, null);
    }

    /**
     * Reads one request input whose elements are {@code binary} (the binary tensor data extension), or its JSON
     * {@code data} when {@code binary} is null.
     */
    static Tensor decode(String model, int index, InferenceRequest.RequestInput input, ByteBuffer binary) {
        if (input == null) {
            throw new InvalidInputException("inputs[" + index + "] for model '" + model + "' is null; expected an object");
        }
        if (input.name() == null || input.name().isBlank()) {
            throw new InvalidInputException("inputs[" + index + "] for model '" + model + "' has no 'name'");
        }
        String where = "input '" + input.name() + "' for model '" + model + "'";
        DataType datatype = datatype(where, input.datatype());
        long[] shape = shape(where, input.shape());
        if (binary != null) {
            return BinaryTensors.decode(where, input.name(), datatype, shape, binary);
        }
        if (input.data() == null || input.data().isNull()) {
            throw new InvalidInputException(where + " has no 'data'; expected an array of " + datatype + " values");
        }
        List<JsonNode> elements = new ArrayList<>();
        if (isNested(input.data())) {
            flattenNested(where, input.data(), shape, 0, elements);
        } else {
            flatten(where, input.data(), elements);
        }
        long expected = Tensor.elementCount(shape);
        if (elements.size() != expected) {
            throw new InvalidInputException("unexpected number of elements for " + where + ": shape "
                    + Arrays.toString(shape).replace(" ", "") + " needs " + expected + ", 'data' has " + elements.size());
        }
        if (datatype == DataType.BYTES) {
            List<String> strings = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                JsonNode element = elements.get(i);
                if (!element.isTextual()) {
                    throw element(where, i, element, "a string (BYTES)");
                }
                strings.add(element.textValue());
            }
            return Tensor.strings(input.name(), shape, strings);
        }
        ByteBuffer buffer = Tensor.allocate(datatype, expected);
        for (int i = 0; i < elements.size(); i++) {
            put(where, datatype, buffer, i, elements.get(i));
        }
        return Tensor.numeric(input.name(), datatype, shape, buffer);
    }

    /** The V2 JSON {@code data} of an output: a flat array of numbers, booleans or strings. */
    static Object encode(Tensor tensor) {
        if (tensor.datatype() == DataType.BYTES) {
            return tensor.strings();
        }
        ByteBuffer buffer = tensor.buffer();
        int n = Math.toIntExact(tensor.elementCount());
        switch (tensor.datatype()) {
            case BOOL -> {
                boolean[] data = new boolean[n];
                for (int i = 0; i < n; i++) {
                    data[i] = buffer.get(i) != 0;
                }
                return data;
            }
            case UINT8, INT8, INT16, INT32 -> {
                int[] data = new int[n];
                for (int i = 0; i < n; i++) {
                    data[i] = switch (tensor.datatype()) {
                        case UINT8 -> Byte.toUnsignedInt(buffer.get(i));
                        case INT8 -> buffer.get(i);
                        case INT16 -> buffer.getShort(i * 2);
                        default -> buffer.getInt(i * 4);
                    };
                }
                return data;
            }
            case INT64 -> {
                long[] data = new long[n];
                buffer.asLongBuffer().get(data);
                return data;
            }
            case FP16, FP32 -> {
                float[] data = new float[n];
                for (int i = 0; i < n; i++) {
                    data[i] = tensor.datatype() == DataType.FP16
                            ? Fp16Conversions.fp16ToFloat(buffer.getShort(i * 2))
                            : buffer.getFloat(i * 4);
                }
                return data;
            }
            case FP64 -> {
                double[] data = new double[n];
                buffer.asDoubleBuffer().get(data);
                return data;
            }
            default -> throw new IllegalStateException("no JSON encoding for " + tensor.datatype());
        }
    }

    /**
     * The datatype a request names, or a message naming {@code where} and the datatypes there are; the gRPC front
     * end checks its inputs with the same words.
     */
    public static DataType datatype(String where, String name) {
        if (name == null) {
            throw new InvalidInputException(where + " has no 'datatype'; expected one of " + V2_DATATYPES);
        }
        return DataType.ofName(name).orElseThrow(() -> new InvalidInputException(where + " has datatype '" + name
                + "'" + (List.of("UINT16", "UINT32", "UINT64", "BF16").contains(name)
                ? ", which ONNX Runtime's Java API cannot carry" : ", which is not a V2 datatype")
                + "; expected one of " + V2_DATATYPES));
    }

    /** The dimensions a request names, each 0 or more, with not too many elements in all. */
    public static long[] shape(String where, List<Long> shape) {
        if (shape == null) {
            throw new InvalidInputException(where + " has no 'shape'; expected a list of dimension sizes such as [1, 4]");
        }
        long[] dimensions = new long[shape.size()];
        for (int i = 0; i < dimensions.length; i++) {
            Long dimension = shape.get(i);
            if (dimension == null || dimension < 0) {
                throw new InvalidInputException(where + " has shape " + shape + "; expected sizes of 0 or more");
            }
            dimensions[i] = dimension;
        }
        try {
            Tensor.elementCount(dimensions);
        } catch (ArithmeticException e) {
            throw new InvalidInputException(where + " has shape " + shape + ", which has too many elements");
        }
        return dimensions;
    }

    /** Data is either flat (a list of elements, or one element) or nested exactly as its shape. */
    private static boolean isNested(JsonNode data) {
        if (!data.isArray()) {
            return false;
        }
        for (JsonNode element : data) {
            if (element.isArray()) {
                return true;
            }
        }
        return false;
    }

    private static void flatten(String where, JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(element -> into.add(leaf(where, element)));
        } else {
            into.add(leaf(where, node));
        }
    }

    private static void flattenNested(String where, JsonNode node, long[] shape, int depth, List<JsonNode> into) {
        if (depth == shape.length) {
            into.add(leaf(where, node));
            return;
        }
        if (!node.isArray() || node.size() != shape[depth]) {
            throw new InvalidInputException(where + ": nested 'data' does not follow the shape "
                    + Arrays.toString(shape).replace(" ", "") + ": dimension " + depth + " should hold " + shape[depth]
                    + " entries, found " + (node.isArray() ? node.size() + " entries" : "a single value")
                    + "; send data flat or nested exactly as the shape");
        }
        for (JsonNode element : node) {
            flattenNested(where, element, shape, depth + 1, into);
        }
    }

    private static JsonNode leaf(String where, JsonNode node) {
        if (node.isContainerNode()) {
            throw new InvalidInputException(where + ": 'data' holds " + (node.isObject() ? "an object" : "a list")
                    + " where an element belongs; expected numbers, booleans or strings, flat or nested as the shape");
        }
        return node;
    }

    private static void put(String where, DataType datatype, ByteBuffer buffer, int i, JsonNode element) {
        switch (datatype) {
            case BOOL -> {
                if (!element.isBoolean()) {
                    throw element(where, i, element, "true or false (BOOL)");
                }
                buffer.put(i, (byte) (element.booleanValue() ? 1 : 0));
            }
            case UINT8 -> buffer.put(i, (byte) integer(where, i, element, 0, 255, datatype));
            case INT8 -> buffer.put(i, (byte) integer(where, i, element, Byte.MIN_VALUE, Byte.MAX_VALUE, datatype));
            case INT16 -> buffer.putShort(i * 2, (short) integer(where, i, element, Short.MIN_VALUE, Short.MAX_VALUE, datatype));
            case INT32 -> buffer.putInt(i * 4, (int) integer(where, i, element, Integer.MIN_VALUE, Integer.MAX_VALUE, datatype));
            case INT64 -> buffer.putLong(i * 8, integer(where, i, element, Long.MIN_VALUE, Long.MAX_VALUE, datatype));
            case FP16 -> buffer.putShort(i * 2, Fp16Conversions.floatToFp16((float) number(where, i, element, datatype)));
            case FP32 -> buffer.putFloat(i * 4, (float) number(where, i, element, datatype));
            case FP64 -> buffer.putDouble(i * 8, number(where, i, element, datatype));
            default -> throw new IllegalStateException("no buffer encoding for " + datatype);
        }
    }

    private static long integer(String where, int i, JsonNode element, long min, long max, DataType datatype) {
        boolean integral = element.isIntegralNumber() && element.canConvertToLong()
                || element.isFloatingPointNumber() && element.doubleValue() == Math.rint(element.doubleValue())
                && Math.abs(element.doubleValue()) < 0x1p63;
        long value = integral ? element.longValue() : 0;
        if (!integral || value < min || value > max) {
            throw element(where, i, element, "an integer from " + min + " to " + max + " (" + datatype + ")");
        }
        return value;
    }

    private static double number(String where, int i, JsonNode element, DataType datatype) {
        // Responses write non-finite numbers as these strings, so requests take them back.
        if (element.isTextual()) {
            switch (element.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        if (!element.isNumber()) {
            throw element(where, i, element, "a number (" + datatype + ")");
        }
        return element.doubleValue();
    }

    private static InvalidInputException element(String where, int i, JsonNode element, String expected) {
        String shown = element.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "…";
        }
        return new InvalidInputException(where + ": element " + i + " of 'data' is " + shown + "; expected " + expected);
    }
}
