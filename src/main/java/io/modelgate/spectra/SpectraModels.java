package io.modelgate.spectra;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelLease;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelVersionStatus;
import io.modelgate.serving.Tensor;
import io.modelgate.spectra.formats.Spectrum;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The models of the repository that are ms2deepscore exports (inputs {@code spectra_tensors} and
 * {@code metadata_tensors}, output {@code embedding}, binning settings in the ONNX metadata key
 * {@code settings}), and embeddings computed with them through the same inference path as every model
 * (reference-counted versions, concurrency permits, metrics under api {@code spectra}).
 */
@ApplicationScoped
public class SpectraModels {

    static final String API = "spectra";

    private final ModelRepository repository;
    private final InferenceService inference;
    private final SpectraConfig config;
    private final Map<String, Ms2DeepScoreSettings> settingsBySha256 = new ConcurrentHashMap<>();

    /** Embeddings of spectra, with the model version that computed them. */
    public record Embeddings(String model, long version, String sha256, float[][] vectors) {
    }

    public SpectraModels(ModelRepository repository, InferenceService inference, SpectraConfig config) {
        this.repository = repository;
        this.inference = inference;
        this.config = config;
    }

    /**
     * Whether the model version is an ms2deepscore export (input {@code spectra_tensors}, binning {@code settings}
     * in the ONNX metadata): such a model embeds spectra, and the spectra API and systems answer for it. The one
     * place that tells a spectra model from any other.
     */
    public static boolean isSpectraModel(ModelMetadata metadata) {
        return metadata.onnxMetadata().containsKey(Ms2DeepScoreSettings.METADATA_KEY)
                && metadata.input(Ms2DeepScore.SPECTRA_INPUT).isPresent();
    }

    /** The ready spectra models, newest first (by the settings' time_stamp, then name). */
    public List<ModelMetadata> ready() {
        return repository.index().stream().filter(ModelVersionStatus::ready)
                .flatMap(status -> status.metadata().stream())
                .filter(SpectraModels::isSpectraModel)
                .sorted(Comparator.comparing((ModelMetadata m) -> timeStamp(m)).reversed()
                        .thenComparing(ModelMetadata::name))
                .toList();
    }

    /** The model a request names, or the configured default, or the newest ready spectra model. */
    public String resolve(String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        if (config.defaultModel().isPresent()) {
            return config.defaultModel().get();
        }
        return ready().stream().findFirst().map(ModelMetadata::name).orElseThrow(() -> new NotReadyException(
                "no spectra model is ready: put an ms2deepscore ONNX export into the model repository"));
    }

    /** The settings of a model version, read from its ONNX metadata once. */
    public Ms2DeepScoreSettings settings(ModelMetadata metadata) {
        if (!isSpectraModel(metadata)) {
            throw new InvalidInputException("model '" + metadata.name() + "' is not a spectra model: it needs input '"
                    + Ms2DeepScore.SPECTRA_INPUT + "' and ms2deepscore's 'settings' in its ONNX metadata");
        }
        try {
            return settingsBySha256.computeIfAbsent(metadata.sha256(), sha -> {
                Ms2DeepScoreSettings settings = Ms2DeepScoreSettings.fromCustomMetadata(metadata.onnxMetadata());
                Ms2DeepScore.checkSignature(metadata, settings);
                return settings;
            });
        } catch (Ms2DeepScoreModelException e) {
            throw new NotReadyException("model '" + metadata.name() + "' version " + metadata.version()
                    + " cannot embed spectra: " + e.getMessage());
        }
    }

    /**
     * Embeds the spectra with the model (by name; the newest ready version). Each spectrum's intensities are
     * first divided by its highest one (matchms' normalize_intensities): ms2deepscore bins spectra that went
     * through matchms' cleaning, and its models are trained on such spectra.
     */
    public Embeddings embed(String model, List<Spectrum> spectra) {
        return embed(model, spectra, row -> "spectrum " + row);
    }

    /** As {@link #embed(String, List)}, with {@code names} saying in messages which spectrum of the request a row is. */
    public Embeddings embed(String model, List<Spectrum> spectra, IntFunction<String> names) {
        spectra = spectra.stream().map(SpectraModels::normalised).toList();
        if (!repository.contains(model)) {
            throw new NotFoundException("unknown model '" + model + "'; spectra models: "
                    + ready().stream().map(ModelMetadata::name).distinct().toList());
        }
        try (ModelLease lease = inference.acquire(model, OptionalLong.empty(), API)) {
            ModelMetadata metadata = lease.metadata();
            SpectrumTensoriser tensoriser = new SpectrumTensoriser(settings(metadata));
            int width = tensoriser.settings().embeddingDim();
            int batch = Math.min(metadata.maxBatchSize(), Ms2DeepScore.BATCH_SIZE);
            float[][] vectors = new float[spectra.size()][];
            for (int start = 0; start < spectra.size(); start += batch) {
                List<Spectrum> part = spectra.subList(start, Math.min(start + batch, spectra.size()));
                int first = start;
                SpectrumTensors tensors = tensoriser.tensorise(part, row -> names.apply(first + row));
                List<Tensor> inputs = new ArrayList<>();
                inputs.add(Tensor.numeric(Ms2DeepScore.SPECTRA_INPUT, DataType.FP32, tensors.spectraShape(),
                        bytes(tensors.spectra())));
                if (metadata.input(Ms2DeepScore.METADATA_INPUT).isPresent()) {
                    inputs.add(Tensor.numeric(Ms2DeepScore.METADATA_INPUT, DataType.FP32, tensors.metadataShape(),
                            bytes(tensors.metadata())));
                }
                Tensor output = inference.infer(lease, inputs, List.of(Ms2DeepScore.EMBEDDING_OUTPUT), API).get(0);
                FloatBuffer values = output.buffer().duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < part.size(); i++) {
                    vectors[start + i] = new float[width];
                    values.get(vectors[start + i]);
                }
            }
            return new Embeddings(metadata.name(), metadata.version(), metadata.sha256(), vectors);
        }
    }

    static Spectrum normalised(Spectrum spectrum) {
        double highest = 0;
        for (double intensity : spectrum.intensities()) {
            highest = Math.max(highest, intensity);
        }
        if (highest == 0 || highest == 1) {
            return spectrum;
        }
        double[] intensities = spectrum.intensities().clone();
        for (int i = 0; i < intensities.length; i++) {
            intensities[i] /= highest;
        }
        return new Spectrum(spectrum.mz(), intensities, spectrum.precursorMz(), spectrum.ionmode(), spectrum.metadata());
    }

    private static ByteBuffer bytes(float[] values) {
        ByteBuffer buffer = Tensor.allocate(DataType.FP32, values.length);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    private static String timeStamp(ModelMetadata metadata) {
        String settings = metadata.onnxMetadata().getOrDefault(Ms2DeepScoreSettings.METADATA_KEY, "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"time_stamp\"\\s*:\\s*\"([^\"]*)\"").matcher(settings);
        return m.find() ? m.group(1) : "";
    }
}
