package io.modelgate.spectra;

import io.modelgate.serving.DataType;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.TensorSpec;

import java.util.Arrays;

/**
 * ms2deepscore's ONNX contract: inputs {@value #SPECTRA_INPUT} [N, bins] and (when the model has it)
 * {@value #METADATA_INPUT} [N, metadata width], output {@value #EMBEDDING_OUTPUT} [N, embedding_dim], all float32,
 * with the widths its {@link Ms2DeepScoreSettings} give. The {@link #cosine} of two embeddings estimates the
 * Tanimoto similarity of the two molecules.
 */
public final class Ms2DeepScore {

    public static final String SPECTRA_INPUT = "spectra_tensors";
    public static final String METADATA_INPUT = "metadata_tensors";
    public static final String EMBEDDING_OUTPUT = "embedding";

    /** Spectra per inference at most, as ms2deepscore's ONNX inference batches them. */
    public static final int BATCH_SIZE = 1024;

    private Ms2DeepScore() {
    }

    /**
     * The cosine similarity of two embeddings, in double precision: {@code a·b / (|a| |b|)}.
     *
     * @throws IllegalArgumentException when their lengths differ or either is all zeros (the cosine is undefined)
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the cosine needs two vectors of one length, got " + a.length + " and "
                    + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            throw new IllegalArgumentException("the cosine of an all-zero vector is undefined");
        }
        return dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }

    /**
     * The model's inputs and output must have the widths its settings give.
     *
     * @throws Ms2DeepScoreModelException naming the input or output and the width expected
     */
    static void checkSignature(ModelMetadata metadata, Ms2DeepScoreSettings settings) {
        requireWidth(metadata.input(SPECTRA_INPUT).orElse(null), SPECTRA_INPUT, settings.numberOfBins(),
                "the number of bins of its settings");
        TensorSpec metadataInput = metadata.input(METADATA_INPUT).orElse(null);
        if (metadataInput != null) {
            requireWidth(metadataInput, METADATA_INPUT, settings.metadataWidth(),
                    "the number of additional_metadata entries of its settings");
        } else if (settings.metadataWidth() > 0) {
            throw new Ms2DeepScoreModelException("model '" + metadata.name() + "': the settings name "
                    + settings.metadataWidth() + " additional_metadata entries but the model has no input '"
                    + METADATA_INPUT + "'");
        }
        requireWidth(metadata.output(EMBEDDING_OUTPUT).orElseThrow(() -> new Ms2DeepScoreModelException(
                "model '" + metadata.name() + "' has no output '" + EMBEDDING_OUTPUT + "'")),
                EMBEDDING_OUTPUT, settings.embeddingDim(), "embedding_dim of its settings");
    }

    private static void requireWidth(TensorSpec spec, String name, int width, String source) {
        if (spec == null || spec.datatype() != DataType.FP32 || spec.shape().length != 2
                || spec.shape()[1] >= 0 && spec.shape()[1] != width) {
            throw new Ms2DeepScoreModelException("'" + name + "' must be FP32 [N, " + width + "] (" + source + "), the"
                    + " model has " + (spec == null ? "none" : spec.datatype() + " " + Arrays.toString(spec.shape())));
        }
    }
}
