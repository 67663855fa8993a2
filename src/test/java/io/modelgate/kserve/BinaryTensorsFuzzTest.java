package io.modelgate.kserve;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.modelgate.ParserFuzz;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Any binary tensor data (the V2 binary extension), under any declared shape and datatype, is decoded into the
 * tensor it declares or refused with an {@link InvalidInputException}; a huge declared shape is refused, never
 * allocated. What decodes encodes back to the same bytes.
 */
class BinaryTensorsFuzzTest {

    @ParserFuzz
    void anyBinaryDataIsTheDeclaredTensorOrRefused(FuzzedDataProvider data) {
        DataType datatype = data.pickValue(DataType.values());
        List<Long> shape = new ArrayList<>();
        int dimensions = data.consumeInt(0, 4);
        for (int i = 0; i < dimensions; i++) {
            shape.add(data.consumeBoolean() ? data.consumeLong(0, 16) : data.consumeLong());
        }
        byte[] bytes = data.consumeRemainingAsBytes();
        String where = "input 'x' for model 'm'";
        Tensor tensor;
        try {
            tensor = BinaryTensors.decode(where, "x", datatype, TensorCodec.shape(where, shape), ByteBuffer.wrap(bytes));
        } catch (InvalidInputException refused) {
            return;
        }
        assertEquals(datatype, tensor.datatype());
        if (datatype != DataType.BOOL) { // BOOL reads any non-zero byte as true and writes it back as 1
            assertArrayEquals(bytes, BinaryTensors.encode(tensor));
        }
    }
}
