package io.modelgate.serving;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stacking requests' inputs along the first dimension and cutting a run's outputs back gives each request its rows. */
class BatchTensorsTest {

    private static Tensor int64(String name, long[] shape, long... values) {
        ByteBuffer buffer = Tensor.allocate(DataType.INT64, values.length);
        for (int i = 0; i < values.length; i++) {
            buffer.putLong(i * 8, values[i]);
        }
        return Tensor.numeric(name, DataType.INT64, shape, buffer);
    }

    @Test
    void numericInputsAreStackedInRequestOrderAndCutBackToTheSameTensors() {
        Tensor a = int64("x", new long[]{1, 2}, 1, 2);
        Tensor b = int64("x", new long[]{2, 2}, 3, 4, 5, 6);
        List<Tensor> stacked = BatchTensors.stack(List.of(List.of(a), List.of(b)));
        assertEquals(int64("x", new long[]{3, 2}, 1, 2, 3, 4, 5, 6), stacked.get(0));
        assertEquals(List.of(List.of(a), List.of(b)), BatchTensors.split(stacked, new long[]{1, 2}));
    }

    @Test
    void bytesInputsAreStackedAndCutLikeNumbers() {
        Tensor a = Tensor.strings("s", new long[]{2}, List.of("a", "bb"));
        Tensor b = Tensor.strings("s", new long[]{1}, List.of("ccc"));
        List<Tensor> stacked = BatchTensors.stack(List.of(List.of(a), List.of(b)));
        assertEquals(Tensor.strings("s", new long[]{3}, List.of("a", "bb", "ccc")), stacked.get(0));
        assertEquals(List.of(List.of(a), List.of(b)), BatchTensors.split(stacked, new long[]{2, 1}));
    }

    @Test
    void inputsAreMatchedByNameWhateverOrderEachRequestGivesThem() {
        Tensor x1 = int64("x", new long[]{1, 1}, 1);
        Tensor y1 = int64("y", new long[]{1, 1}, 10);
        Tensor x2 = int64("x", new long[]{1, 1}, 2);
        Tensor y2 = int64("y", new long[]{1, 1}, 20);
        List<Tensor> stacked = BatchTensors.stack(List.of(List.of(x1, y1), List.of(y2, x2)));
        assertEquals(List.of(int64("x", new long[]{2, 1}, 1, 2), int64("y", new long[]{2, 1}, 10, 20)), stacked);
    }

    @Test
    void anOutputWithoutOneRowPerInputRowCannotBeCut() {
        assertTrue(BatchTensors.splittable(List.of(int64("y", new long[]{3, 1}, 1, 2, 3)), 3));
        assertFalse(BatchTensors.splittable(List.of(int64("y", new long[]{1, 1}, 6)), 3));
        assertFalse(BatchTensors.splittable(List.of(int64("y", new long[]{}, 6)), 3));
    }
}
