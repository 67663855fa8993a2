package io.modelgate.kserve;

import ai.onnxruntime.platform.Fp16Conversions;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the common shape of a V2 JSON request (inputs whose {@code name}, {@code shape} and {@code datatype} come
 * before {@code data}, and data that fits them) token by token, writing each element straight into the tensor's
 * direct buffer: no tree of nodes, no boxed numbers. It gives up on anything else — unusual order, a value that
 * does not fit, binary data, a syntax error — and the caller then reads the body the general way, which gives
 * the same tensors, or the error, that a request has always got. So this class only ever makes a request faster.
 */
final class StreamingRequestDecoder {

    /** The request without its inputs' data, and the inputs decoded from it. */
    record Decoded(InferenceRequest request, List<Tensor> inputs) {
    }

    private final JsonFactory factory;
    private final ObjectReader parametersReader;
    private final ObjectReader outputsReader;

    StreamingRequestDecoder(ObjectMapper json) {
        this.factory = json.getFactory();
        TypeFactory types = json.getTypeFactory();
        this.parametersReader = json.readerFor(types.constructMapType(Map.class, String.class, Object.class));
        this.outputsReader = json.readerFor(types.constructCollectionType(List.class, InferenceRequest.RequestOutput.class));
    }

    /** The decoded request, or empty when it is not of the shape read here (or not valid at all). */
    Optional<Decoded> decode(byte[] body, int offset, int length) {
        try (JsonParser parser = factory.createParser(body, offset, length)) {
            // A key given twice anywhere (parameters included) leaves the request to the mapper, which refuses it.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            Decoded decoded = request(parser, length);
            return decoded != null && parser.nextToken() == null ? Optional.of(decoded) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Decoded request(JsonParser parser, int length) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String id = null;
        Map<String, Object> parameters = null;
        List<InferenceRequest.RequestInput> inputs = null;
        List<Tensor> tensors = null;
        List<InferenceRequest.RequestOutput> outputs = null;
        Set<String> seen = new HashSet<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String field = parser.currentName();
            if (!seen.add(field)) {
                return null;
            }
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        id = parser.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "parameters" -> {
                    if (value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    parameters = parametersReader.readValue(parser);
                }
                case "outputs" -> {
                    if (value != JsonToken.START_ARRAY) {
                        return null;
                    }
                    outputs = outputsReader.readValue(parser);
                }
                case "inputs" -> {
                    if (value != JsonToken.START_ARRAY) {
                        return null;
                    }
                    inputs = new ArrayList<>();
                    tensors = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        Tensor tensor = input(parser, length);
                        if (tensor == null) {
                            return null;
                        }
                        tensors.add(tensor);
                        inputs.add(new InferenceRequest.RequestInput(tensor.name(), boxed(tensor.shape()),
                                tensor.datatype().name(), null, null));
                    }
                    if (parser.currentToken() != JsonToken.END_ARRAY || inputs.isEmpty()) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        if (tensors == null) {
            return null;
        }
        return new Decoded(new InferenceRequest(id, parameters, inputs, outputs), tensors);
    }

    /**
     * One input object, its start already read; null when it is not of the shape read here. {@code length} is the
     * body's: each element takes at least a byte of it.
     */
    private static Tensor input(JsonParser parser, int length) throws IOException {
        String name = null;
        long[] shape = null;
        DataType datatype = null;
        Tensor tensor = null;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name" -> {
                    if (value != JsonToken.VALUE_STRING || name != null || parser.getText().isBlank()) {
                        return null;
                    }
                    name = parser.getText();
                }
                case "shape" -> {
                    if (value != JsonToken.START_ARRAY || shape != null) {
                        return null;
                    }
                    shape = shape(parser);
                    if (shape == null) {
                        return null;
                    }
                }
                case "datatype" -> {
                    if (value != JsonToken.VALUE_STRING || datatype != null) {
                        return null;
                    }
                    datatype = DataType.ofName(parser.getText()).orElse(null);
                    if (datatype == null) {
                        return null;
                    }
                }
                case "data" -> {
                    if (name == null || shape == null || datatype == null || tensor != null || value != JsonToken.START_ARRAY) {
                        return null;
                    }
                    tensor = data(parser, name, datatype, shape, length);
                    if (tensor == null) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return tensor;
    }

    private static long[] shape(JsonParser parser) throws IOException {
        List<Long> dimensions = new ArrayList<>(4);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || parser.getLongValue() < 0) {
                return null;
            }
            dimensions.add(parser.getLongValue());
        }
        long[] shape = dimensions.stream().mapToLong(Long::longValue).toArray();
        try {
            Tensor.elementCount(shape);
        } catch (ArithmeticException e) {
            return null;
        }
        return shape;
    }

    /** The data array, its start already read: flat, or nested exactly as the shape. */
    private static Tensor data(JsonParser parser, String name, DataType datatype, long[] shape, int length)
            throws IOException {
        long count = Tensor.elementCount(shape);
        // A shape the body cannot hold is not allocated: a 60-byte request must not reserve gigabytes.
        if (count > Integer.MAX_VALUE / 8 || count > length) {
            return null;
        }
        int n = (int) count;
        Elements elements = datatype == DataType.BYTES ? new Elements(new ArrayList<>(n), null, datatype)
                : new Elements(null, Tensor.allocate(datatype, n), datatype);
        JsonToken first = parser.nextToken();
        int read;
        if (first == JsonToken.START_ARRAY) {
            read = nested(parser, shape, 1, elements, 0);
        } else {
            read = 0;
            for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (read == n || !elements.put(parser, token, read)) {
                    return null;
                }
                read++;
            }
        }
        if (read != n) {
            return null;
        }
        return datatype == DataType.BYTES ? Tensor.strings(name, shape, elements.strings)
                : Tensor.numeric(name, datatype, shape, elements.buffer);
    }

    /** Reads the rest of a nested array at {@code depth} (its first element's start already read); -1 when it does not fit. */
    private static int nested(JsonParser parser, long[] shape, int depth, Elements elements, int at) throws IOException {
        if (depth > shape.length) {
            return -1;
        }
        int index = at;
        long entries = 0;
        for (JsonToken token = parser.currentToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (depth == shape.length) {
                if (token.isStructStart() || !elements.put(parser, token, index)) {
                    return -1;
                }
                index++;
            } else {
                if (token != JsonToken.START_ARRAY) {
                    return -1;
                }
                parser.nextToken();
                index = nested(parser, shape, depth + 1, elements, index);
                if (index < 0) {
                    return -1;
                }
            }
            entries++;
            if (entries > shape[depth - 1]) {
                return -1;
            }
        }
        return entries == shape[depth - 1] ? index : -1;
    }

    private static List<Long> boxed(long[] shape) {
        List<Long> list = new ArrayList<>(shape.length);
        for (long dimension : shape) {
            list.add(dimension);
        }
        return list;
    }

    /** Where the elements go, and the conversions of the general decoder ({@link TensorCodec}), value for value. */
    private record Elements(List<String> strings, ByteBuffer buffer, DataType datatype) {

        /** False when the token is not an element this datatype takes as the general decoder would. */
        boolean put(JsonParser parser, JsonToken token, int i) throws IOException {
            if (i >= capacity()) {
                return false;
            }
            switch (datatype) {
                case BYTES -> {
                    if (token != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    strings.add(parser.getText());
                }
                case BOOL -> {
                    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                        return false;
                    }
                    buffer.put(i, (byte) (token == JsonToken.VALUE_TRUE ? 1 : 0));
                }
                case FP16, FP32, FP64 -> {
                    double value;
                    if (token.isNumeric()) {
                        value = parser.getDoubleValue();
                    } else if (token == JsonToken.VALUE_STRING) {
                        switch (parser.getText()) {
                            case "NaN" -> value = Double.NaN;
                            case "Infinity" -> value = Double.POSITIVE_INFINITY;
                            case "-Infinity" -> value = Double.NEGATIVE_INFINITY;
                            default -> {
                                return false;
                            }
                        }
                    } else {
                        return false;
                    }
                    switch (datatype) {
                        case FP16 -> buffer.putShort(i * 2, Fp16Conversions.floatToFp16((float) value));
                        case FP32 -> buffer.putFloat(i * 4, (float) value);
                        default -> buffer.putDouble(i * 8, value);
                    }
                }
                default -> {
                    Long value = integer(parser, token);
                    if (value == null || value < minimum(datatype) || value > maximum(datatype)) {
                        return false;
                    }
                    switch (datatype) {
                        case UINT8, INT8 -> buffer.put(i, (byte) (long) value);
                        case INT16 -> buffer.putShort(i * 2, (short) (long) value);
                        case INT32 -> buffer.putInt(i * 4, (int) (long) value);
                        default -> buffer.putLong(i * 8, value);
                    }
                }
            }
            return true;
        }

        private static long minimum(DataType datatype) {
            return switch (datatype) {
                case UINT8 -> 0;
                case INT8 -> Byte.MIN_VALUE;
                case INT16 -> Short.MIN_VALUE;
                case INT32 -> Integer.MIN_VALUE;
                default -> Long.MIN_VALUE;
            };
        }

        private static long maximum(DataType datatype) {
            return switch (datatype) {
                case UINT8 -> 255;
                case INT8 -> Byte.MAX_VALUE;
                case INT16 -> Short.MAX_VALUE;
                case INT32 -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
        }

        private int capacity() {
            return strings != null ? Integer.MAX_VALUE : buffer.capacity() / datatype.elementBytes();
        }

        private static Long integer(JsonParser parser, JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return parser.getLongValue();
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                double value = parser.getDoubleValue();
                if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
                    return (long) value;
                }
            }
            return null;
        }
    }
}
