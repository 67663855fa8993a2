package io.modelgate.serving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named tensor in row-major order, on its way into or out of a model. Numbers and booleans live in
 * a direct, native-order buffer (what ONNX Runtime reads without a copy); BYTES elements are strings.
 */
public record Tensor(String name, DataType datatype, long[] shape, ByteBuffer buffer, List<String> strings) {

    public Tensor {
        Objects.requireNonNull(name);
        Objects.requireNonNull(datatype);
        Objects.requireNonNull(shape);
        if ((datatype == DataType.BYTES) != (strings != null) || (datatype == DataType.BYTES) == (buffer != null)) {
            throw new IllegalArgumentException("BYTES tensors carry strings, all others a buffer");
        }
    }

    public static Tensor numeric(String name, DataType datatype, long[] shape, ByteBuffer buffer) {
        return new Tensor(name, datatype, shape, buffer, null);
    }

    public static Tensor strings(String name, long[] shape, List<String> strings) {
        return new Tensor(name, DataType.BYTES, shape, null, strings);
    }

    /** A zeroed direct buffer in native order for {@code elements} of {@code datatype}. */
    public static ByteBuffer allocate(DataType datatype, long elements) {
        return ByteBuffer.allocateDirect(Math.toIntExact(elements * datatype.elementBytes())).order(ByteOrder.nativeOrder());
    }

    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    public long elementCount() {
        return elementCount(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && name.equals(t.name) && datatype == t.datatype && Arrays.equals(shape, t.shape)
                && Objects.equals(buffer, t.buffer) && Objects.equals(strings, t.strings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, datatype, Arrays.hashCode(shape), buffer, strings);
    }

    @Override
    public String toString() {
        return name + " " + datatype + Arrays.toString(shape);
    }
}
