package io.modelgate.spectra;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes MS2DeepScore embeddings with an ms2deepscore ONNX export: inputs {@value #SPECTRA_INPUT} [N, bins] and
 * (when the model has it) {@value #METADATA_INPUT} [N, metadata width], output {@value #EMBEDDING_OUTPUT}
 * [N, embedding_dim]. The cosine of two embeddings estimates the Tanimoto similarity of the two molecules.
 *
 * <p>The session stays the caller's: it is neither closed nor reference counted here. {@link #embed} may be
 * called from several threads at once.
 */
public final class SpectrumEmbedder {

    public static final String SPECTRA_INPUT = "spectra_tensors";
    public static final String METADATA_INPUT = "metadata_tensors";
    public static final String EMBEDDING_OUTPUT = "embedding";

    /** Spectra per inference, as ms2deepscore's ONNX inference batches them. */
    public static final int BATCH_SIZE = 1024;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final SpectrumTensoriser tensoriser;
    private final boolean takesMetadata;

    /** An embedder for the model, with the settings stored in its custom metadata. */
    public SpectrumEmbedder(OrtEnvironment environment, OrtSession session) throws OrtException {
        this(environment, session, Ms2DeepScoreSettings.fromModel(session));
    }

    /**
     * An embedder for the model with the given settings.
     *
     * @throws Ms2DeepScoreModelException when the model's inputs or outputs do not match ms2deepscore's names,
     *                                    float32 type or the widths the settings give
     */
    public SpectrumEmbedder(OrtEnvironment environment, OrtSession session, Ms2DeepScoreSettings settings)
            throws OrtException {
        this.environment = environment;
        this.session = session;
        this.tensoriser = new SpectrumTensoriser(settings);
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        for (String name : inputs.keySet()) {
            if (!name.equals(SPECTRA_INPUT) && !name.equals(METADATA_INPUT)) {
                throw new Ms2DeepScoreModelException("the model has an input '" + name + "'; an ms2deepscore model has only '"
                        + SPECTRA_INPUT + "' and '" + METADATA_INPUT + "' (found " + inputs.keySet() + ")");
            }
        }
        requireMatrix("input", SPECTRA_INPUT, inputs, settings.numberOfBins(),
                "number of bins int((max_mz - min_mz) / mz_bin_width) = int((" + settings.maxMz() + " - "
                        + settings.minMz() + ") / " + settings.mzBinWidth() + ")");
        this.takesMetadata = inputs.containsKey(METADATA_INPUT);
        if (takesMetadata) {
            requireMatrix("input", METADATA_INPUT, inputs, settings.metadataWidth(),
                    "number of additional_metadata entries");
        } else if (settings.metadataWidth() > 0) {
            throw new Ms2DeepScoreModelException("the settings name " + settings.metadataWidth()
                    + " additional_metadata entries but the model has no input '" + METADATA_INPUT + "'");
        }
        requireMatrix("output", EMBEDDING_OUTPUT, outputs, settings.embeddingDim(), "embedding_dim");
    }

    public Ms2DeepScoreSettings settings() {
        return tensoriser.settings();
    }

    /** D, the width of each embedding. */
    public int embeddingWidth() {
        return settings().embeddingDim();
    }

    /**
     * One embedding per spectrum, in the order of the list.
     *
     * @throws InvalidInputException when a spectrum lacks a metadata value the model needs
     */
    public float[][] embed(List<Spectrum> spectra) throws OrtException {
        float[][] embeddings = new float[spectra.size()][];
        for (int start = 0; start < spectra.size(); start += BATCH_SIZE) {
            List<Spectrum> batch = spectra.subList(start, Math.min(start + BATCH_SIZE, spectra.size()));
            int first = start;
            float[][] batchEmbeddings = run(tensoriser.tensorise(batch, row -> "spectrum " + (first + row)));
            System.arraycopy(batchEmbeddings, 0, embeddings, start, batchEmbeddings.length);
        }
        return embeddings;
    }

    /** One embedding of one spectrum. */
    public float[] embed(Spectrum spectrum) throws OrtException {
        return embed(List.of(spectrum))[0];
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

    private float[][] run(SpectrumTensors tensors) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put(SPECTRA_INPUT, OnnxTensor.createTensor(environment, tensors.spectraBuffer(), tensors.spectraShape()));
            if (takesMetadata) {
                feed.put(METADATA_INPUT, OnnxTensor.createTensor(environment, tensors.metadataBuffer(),
                        tensors.metadataShape()));
            }
            try (OrtSession.Result result = session.run(feed, Set.of(EMBEDDING_OUTPUT))) {
                OnnxValue value = result.get(EMBEDDING_OUTPUT).orElseThrow();
                OnnxTensor output = (OnnxTensor) value;
                long[] shape = output.getInfo().getShape();
                int width = embeddingWidth();
                if (!Arrays.equals(shape, new long[]{tensors.count(), width})) {
                    throw new Ms2DeepScoreModelException("the model's output '" + EMBEDDING_OUTPUT + "' has shape "
                            + Arrays.toString(shape) + "; expected [" + tensors.count() + ", " + width + "]");
                }
                FloatBuffer values = output.getFloatBuffer();
                float[][] embeddings = new float[tensors.count()][width];
                for (float[] embedding : embeddings) {
                    values.get(embedding);
                }
                return embeddings;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** A float32 input or output of shape [N, width], N free or fixed. */
    private static void requireMatrix(String role, String name, Map<String, NodeInfo> nodes, int width, String source) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new Ms2DeepScoreModelException("the model has no " + role + " '" + name + "' (found " + nodes.keySet()
                    + "); an ms2deepscore model has it");
        }
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw new Ms2DeepScoreModelException("the model's " + role + " '" + name + "' is " + node.getInfo()
                    + "; expected a float32 tensor");
        }
        long[] shape = info.getShape();
        if (shape.length != 2) {
            throw new Ms2DeepScoreModelException("the model's " + role + " '" + name + "' has shape "
                    + Arrays.toString(shape) + "; expected [N, " + width + "]");
        }
        if (shape[1] >= 0 && shape[1] != width) {
            throw new Ms2DeepScoreModelException("the model's " + role + " '" + name + "' is " + shape[1]
                    + " wide but the settings give " + width + " (" + source + ")");
        }
    }
}
