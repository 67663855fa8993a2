package io.modelgate.kserve.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.kserve.grpc.proto.InferTensorContents;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts between the protocol's typed {@code InferTensorContents} and {@link Tensor}s. Each datatype has one
 * field, as the specification maps them: BOOL bool_contents; UINT8 uint_contents; INT8, INT16, INT32
 * int_contents; INT64 int64_contents; FP32 fp32_contents; FP64 fp64_contents; BYTES bytes_contents. FP16 has
 * none: it travels only as raw contents.
 */
final class GrpcContents {

    private GrpcContents() {
    }

    /** Whether a tensor of this datatype can travel as typed contents. */
    static boolean carries(DataType datatype) {
        return datatype != DataType.FP16;
    }

    /** The contents field of a datatype, as the protocol names it. */
    static String field(DataType datatype) {
        return switch (datatype) {
            case BOOL -> "bool_contents";
            case UINT8 -> "uint_contents";
            case INT8, INT16, INT32 -> "int_contents";
            case INT64 -> "int64_contents";
            case FP32 -> "fp32_contents";
            case FP64 -> "fp64_contents";
            case BYTES -> "bytes_contents";
            case FP16 -> throw new IllegalArgumentException("FP16 has no contents field");
        };
    }

    /**
     * The tensor that {@code contents} hold, checked against the datatype and shape the input declared.
     *
     * @param where the input as messages name it: {@code input 'x' for model 'm'}
     */
    static Tensor decode(String where, String name, DataType datatype, long[] shape, InferTensorContents contents) {
        if (!carries(datatype)) {
            throw new InvalidInputException(where + " is FP16, which the protocol has no contents field for; send it,"
                    + " and every other input, as raw_input_contents");
        }
        String field = field(datatype);
        for (FieldDescriptor set : contents.getAllFields().keySet()) {
            if (!set.getName().equals(field)) {
                throw new InvalidInputException(where + " is " + datatype + ", so its elements belong in " + field
                        + "; it has " + set.getName());
            }
        }
        long expected = Tensor.elementCount(shape);
        int count = contents.getRepeatedFieldCount(InferTensorContents.getDescriptor().findFieldByName(field));
        if (count != expected) {
            throw new InvalidInputException("unexpected number of elements for " + where + ": shape "
                    + Arrays.toString(shape).replace(" ", "") + " needs " + expected + ", " + field + " has " + count);
        }
        if (datatype == DataType.BYTES) {
            return Tensor.strings(name, shape, strings(where, contents.getBytesContentsList()));
        }
        ByteBuffer buffer = Tensor.allocate(datatype, expected);
        for (int i = 0; i < count; i++) {
            switch (datatype) {
                case BOOL -> buffer.put(i, (byte) (contents.getBoolContents(i) ? 1 : 0));
                case UINT8 -> buffer.put(i, (byte) integer(where, field, i,
                        Integer.toUnsignedLong(contents.getUintContents(i)), 0, 255, datatype));
                case INT8 -> buffer.put(i, (byte) integer(where, field, i, contents.getIntContents(i),
                        Byte.MIN_VALUE, Byte.MAX_VALUE, datatype));
                case INT16 -> buffer.putShort(i * 2, (short) integer(where, field, i, contents.getIntContents(i),
                        Short.MIN_VALUE, Short.MAX_VALUE, datatype));
                case INT32 -> buffer.putInt(i * 4, contents.getIntContents(i));
                case INT64 -> buffer.putLong(i * 8, contents.getInt64Contents(i));
                case FP32 -> buffer.putFloat(i * 4, contents.getFp32Contents(i));
                case FP64 -> buffer.putDouble(i * 8, contents.getFp64Contents(i));
                default -> throw new IllegalStateException("no contents for " + datatype);
            }
        }
        return Tensor.numeric(name, datatype, shape, buffer);
    }

    /** The tensor as typed contents; FP16, which has none, is refused (callers send raw contents then). */
    static InferTensorContents encode(Tensor tensor) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        if (tensor.datatype() == DataType.BYTES) {
            tensor.strings().forEach(element -> contents.addBytesContents(ByteString.copyFromUtf8(element)));
            return contents.build();
        }
        ByteBuffer buffer = tensor.buffer();
        int n = Math.toIntExact(tensor.elementCount());
        for (int i = 0; i < n; i++) {
            switch (tensor.datatype()) {
                case BOOL -> contents.addBoolContents(buffer.get(i) != 0);
                case UINT8 -> contents.addUintContents(Byte.toUnsignedInt(buffer.get(i)));
                case INT8 -> contents.addIntContents(buffer.get(i));
                case INT16 -> contents.addIntContents(buffer.getShort(i * 2));
                case INT32 -> contents.addIntContents(buffer.getInt(i * 4));
                case INT64 -> contents.addInt64Contents(buffer.getLong(i * 8));
                case FP32 -> contents.addFp32Contents(buffer.getFloat(i * 4));
                case FP64 -> contents.addFp64Contents(buffer.getDouble(i * 8));
                default -> throw new IllegalArgumentException(tensor.datatype() + " has no contents field; send it raw");
            }
        }
        return contents.build();
    }

    private static long integer(String where, String field, int i, long value, long min, long max, DataType datatype) {
        if (value < min || value > max) {
            throw new InvalidInputException(where + ": element " + i + " of " + field + " is " + value
                    + "; expected an integer from " + min + " to " + max + " (" + datatype + ")");
        }
        return value;
    }

    private static List<String> strings(String where, List<ByteString> elements) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> strings = new ArrayList<>(elements.size());
        for (ByteString element : elements) {
            try {
                strings.add(decoder.decode(element.asReadOnlyByteBuffer()).toString());
            } catch (CharacterCodingException e) {
                throw new InvalidInputException("element " + strings.size() + " of bytes_contents of " + where
                        + " is not UTF-8 text");
            }
        }
        return strings;
    }
}
