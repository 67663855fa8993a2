package io.modelgate.systems.onnx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PredictionDecoderTest {

    @Test
    void softmaxOfHugeLogitsStaysFinite() {
        double[] probabilities = PredictionDecoder.softmax(new double[]{1000, 1000, -1000});
        assertArrayEquals(new double[]{0.5, 0.5, 0}, probabilities, 1e-12);
    }

    @Test
    void softmaxMatchesTheTextbookFormula() {
        double[] probabilities = PredictionDecoder.softmax(new double[]{1, 2, 3});
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[]{Math.exp(1) / sum, Math.exp(2) / sum, Math.exp(3) / sum}, probabilities, 1e-12);
        assertEquals(1.0, probabilities[0] + probabilities[1] + probabilities[2], 1e-12);
    }
}
