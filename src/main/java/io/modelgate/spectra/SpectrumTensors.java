package io.modelgate.spectra;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A batch of spectra as an ms2deepscore model's two inputs, row-major float32.
 *
 * @param count         N, the number of spectra (rows)
 * @param bins          the width of {@code spectra_tensors}
 * @param metadataWidth the width of {@code metadata_tensors} (0 when the model takes no metadata)
 * @param spectra       {@code spectra_tensors}, N × bins values
 * @param metadata      {@code metadata_tensors}, N × metadataWidth values
 */
public record SpectrumTensors(int count, int bins, int metadataWidth, float[] spectra, float[] metadata) {

    public SpectrumTensors {
        if (spectra.length != (long) count * bins || metadata.length != (long) count * metadataWidth) {
            throw new IllegalArgumentException("expected " + count + " × " + bins + " peak values and " + count + " × "
                    + metadataWidth + " metadata values, got " + spectra.length + " and " + metadata.length);
        }
    }

    /** [N, bins], the shape of {@code spectra_tensors}. */
    public long[] spectraShape() {
        return new long[]{count, bins};
    }

    /** [N, metadata width], the shape of {@code metadata_tensors}. */
    public long[] metadataShape() {
        return new long[]{count, metadataWidth};
    }

    /** {@code spectra_tensors} in a direct, native-order buffer, as {@code OnnxTensor.createTensor} wants it. */
    public FloatBuffer spectraBuffer() {
        return direct(spectra);
    }

    /** {@code metadata_tensors} in a direct, native-order buffer. */
    public FloatBuffer metadataBuffer() {
        return direct(metadata);
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(values).flip();
        return buffer;
    }
}
