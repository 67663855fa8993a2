package io.modelgate.kserve;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary tensor data extension of KServe V2 / Triton: a tensor's elements as raw little-endian bytes in
 * row-major order. BOOL is one byte per element (0 is false, anything else true); BYTES is each element's length
 * as a 4-byte little-endian integer, then its bytes (UTF-8 here, since modelgate's BYTES tensors hold text); FP16
 * is the IEEE half, two bytes.
 */
public final class BinaryTensors {

    private BinaryTensors() {
    }

    /**
     * The tensor {@code bytes} hold, checked against the shape and datatype the request declared.
     *
     * @param where the input as messages name it: {@code input 'x' for model 'm'}
     */
    public static Tensor decode(String where, String name, DataType datatype, long[] shape, ByteBuffer bytes) {
        long elements = Tensor.elementCount(shape);
        ByteBuffer data = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (datatype == DataType.BYTES) {
            return Tensor.strings(name, shape, strings(where, datatype, shape, elements, data));
        }
        long expected = elements * datatype.elementBytes();
        if (data.remaining() != expected) {
            throw new InvalidInputException("unexpected size of the binary data of " + where + ": shape "
                    + Arrays.toString(shape).replace(" ", "") + " of " + datatype + " needs " + expected
                    + " bytes, binary_data_size is " + data.remaining());
        }
        ByteBuffer buffer = Tensor.allocate(datatype, elements);
        if (datatype == DataType.BOOL) {
            for (int i = 0; i < elements; i++) {
                buffer.put(i, (byte) (data.get(data.position() + i) == 0 ? 0 : 1));
            }
        } else if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            buffer.put(0, data, data.position(), data.remaining());
        } else {
            int size = datatype.elementBytes();
            for (int i = 0; i < elements; i++) {
                for (int b = 0; b < size; b++) {
                    buffer.put(i * size + b, data.get(data.position() + i * size + size - 1 - b));
                }
            }
        }
        return Tensor.numeric(name, datatype, shape, buffer);
    }

    private static List<String> strings(String where, DataType datatype, long[] shape, long elements, ByteBuffer data) {
        List<String> strings = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        while (data.hasRemaining()) {
            if (strings.size() == elements) {
                throw new InvalidInputException("the binary data of " + where + " holds more than the " + elements
                        + " elements of shape " + Arrays.toString(shape).replace(" ", ""));
            }
            if (data.remaining() < 4) {
                throw new InvalidInputException("the binary data of " + where + " ends inside the 4-byte length of"
                        + " element " + strings.size() + " (BYTES elements are a little-endian length, then the bytes)");
            }
            int length = data.getInt();
            if (length < 0 || length > data.remaining()) {
                throw new InvalidInputException("element " + strings.size() + " of the binary data of " + where
                        + " is " + Integer.toUnsignedString(length) + " bytes long, but " + data.remaining() + " bytes are left");
            }
            ByteBuffer element = data.slice(data.position(), length);
            data.position(data.position() + length);
            try {
                strings.add(decoder.decode(element).toString());
            } catch (CharacterCodingException e) {
                throw new InvalidInputException("element " + strings.size() + " of the binary data of " + where
                        + " is not UTF-8 text");
            }
        }
        if (strings.size() != elements) {
            throw new InvalidInputException("unexpected number of elements in the binary data of " + where + ": shape "
                    + Arrays.toString(shape).replace(" ", "") + " of " + datatype + " needs " + elements + ", it has "
                    + strings.size());
        }
        return strings;
    }

    /** The tensor as binary data: raw little-endian elements, or length-prefixed BYTES elements. */
    public static byte[] encode(Tensor tensor) {
        if (tensor.datatype() == DataType.BYTES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String element : tensor.strings()) {
                byte[] bytes = element.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
                out.writeBytes(bytes);
            }
            return out.toByteArray();
        }
        ByteBuffer source = tensor.buffer();
        int size = tensor.datatype().elementBytes();
        int length = Math.toIntExact(tensor.elementCount() * size);
        byte[] bytes = new byte[length];
        if (source.order() == ByteOrder.LITTLE_ENDIAN || size == 1) {
            source.duplicate().position(0).get(bytes, 0, length);
        } else {
            for (int i = 0; i < length / size; i++) {
                for (int b = 0; b < size; b++) {
                    bytes[i * size + b] = source.get(i * size + size - 1 - b);
                }
            }
        }
        return bytes;
    }
}
