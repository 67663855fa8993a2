package io.modelgate.spectra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of an ms2deepscore model that decide its input tensors, as its ONNX exporter stores them:
 * {@code json.dumps(SettingsMS2Deepscore.get_dict())} under the custom metadata key {@value #METADATA_KEY}.
 * Only the keys that tensorisation and the output width need are read; every other key is ignored.
 *
 * @param minMz              {@code min_mz}: the lowest m/z kept (inclusive)
 * @param maxMz              {@code max_mz}: the m/z bound (exclusive)
 * @param mzBinWidth         {@code mz_bin_width}
 * @param intensityScaling   {@code intensity_scaling}: a kept peak contributes {@code intensity ** intensity_scaling}
 * @param embeddingDim       {@code embedding_dim}: the width of the output {@code embedding}
 * @param additionalMetadata {@code additional_metadata}: one feature per entry, in this order
 * @param ionisationMode     {@code ionisation_mode} the model was trained for ({@code positive}, {@code negative},
 *                           {@code both}), or null when not stated; informational, nothing is refused for it
 */
public record Ms2DeepScoreSettings(double minMz, double maxMz, double mzBinWidth, double intensityScaling,
                                   int embeddingDim, List<MetadataFeature> additionalMetadata, String ionisationMode) {

    /** The ONNX custom metadata key ms2deepscore's exporter writes the settings JSON under. */
    public static final String METADATA_KEY = "settings";

    // Python's json module writes NaN and Infinity; read them so that the validation below can name them.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    public Ms2DeepScoreSettings {
        additionalMetadata = List.copyOf(additionalMetadata);
        requireFinite("min_mz", minMz);
        requireFinite("max_mz", maxMz);
        requireFinite("mz_bin_width", mzBinWidth);
        requireFinite("intensity_scaling", intensityScaling);
        if (!(mzBinWidth > 0)) {
            throw new Ms2DeepScoreModelException("setting 'mz_bin_width' is " + mzBinWidth + "; expected a number above 0");
        }
        if (binCount(minMz, maxMz, mzBinWidth) < 1) {
            throw new Ms2DeepScoreModelException("settings 'min_mz' " + minMz + ", 'max_mz' " + maxMz
                    + " and 'mz_bin_width' " + mzBinWidth + " give no bins; expected max_mz - min_mz >= mz_bin_width");
        }
        if (embeddingDim < 1) {
            throw new Ms2DeepScoreModelException("setting 'embedding_dim' is " + embeddingDim + "; expected a whole number above 0");
        }
    }

    /**
     * The number of m/z bins, the width of {@code spectra_tensors}: {@code int((max_mz - min_mz) / mz_bin_width)},
     * truncated in double precision as ms2deepscore's {@code SettingsMS2Deepscore.number_of_bins()} does.
     */
    public int numberOfBins() {
        return (int) binCount(minMz, maxMz, mzBinWidth);
    }

    /** The width of {@code metadata_tensors}: one value per entry of {@code additional_metadata}. */
    public int metadataWidth() {
        return additionalMetadata.size();
    }

    /** The settings under {@value #METADATA_KEY} in a model's custom metadata map. */
    public static Ms2DeepScoreSettings fromCustomMetadata(Map<String, String> customMetadata) {
        String json = customMetadata.get(METADATA_KEY);
        if (json == null) {
            throw new Ms2DeepScoreModelException("the model has no custom metadata '" + METADATA_KEY
                    + "'; an ms2deepscore ONNX export stores its settings JSON there (found keys: "
                    + customMetadata.keySet() + ")");
        }
        return fromJson(json);
    }

    /** Reads the settings JSON; unknown keys are ignored, a missing or mistyped needed key is refused. */
    public static Ms2DeepScoreSettings fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new Ms2DeepScoreModelException("the settings are not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new Ms2DeepScoreModelException("the settings are " + (root == null ? "empty" : root.getNodeType())
                    + "; expected a JSON object of ms2deepscore settings");
        }
        return new Ms2DeepScoreSettings(number(root, "min_mz"), number(root, "max_mz"), number(root, "mz_bin_width"),
                number(root, "intensity_scaling"), wholeNumber(root, "embedding_dim"), features(root),
                root.path("ionisation_mode").isTextual() ? root.get("ionisation_mode").asText() : null);
    }

    private static double binCount(double minMz, double maxMz, double mzBinWidth) {
        double bins = (maxMz - minMz) / mzBinWidth;
        return bins > Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.floor(Math.max(bins, 0));
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new Ms2DeepScoreModelException("setting '" + name + "' is " + value + "; expected a finite number");
        }
    }

    private static double number(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isNumber()) {
            throw new Ms2DeepScoreModelException("setting '" + name + "' is " + (node == null ? "missing" : node.toString())
                    + "; expected a number");
        }
        return node.asDouble();
    }

    private static int wholeNumber(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new Ms2DeepScoreModelException("setting '" + name + "' is " + (node == null ? "missing" : node.toString())
                    + "; expected a whole number");
        }
        return node.asInt();
    }

    /** {@code additional_metadata}: absent, null and [] all mean none, as in ms2deepscore's exporter. */
    private static List<MetadataFeature> features(JsonNode root) {
        JsonNode node = root.get("additional_metadata");
        List<MetadataFeature> features = new ArrayList<>();
        if (node == null || node.isNull()) {
            return features;
        }
        if (!node.isArray()) {
            throw new Ms2DeepScoreModelException("setting 'additional_metadata' is " + node
                    + "; expected a list of [class name, {parameters}] pairs");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String where = "additional_metadata[" + i + "]";
            if (entry.isTextual()) {
                // Older ms2deepscore versions kept each pair as the JSON text of MetadataFeatureGenerator.to_json().
                try {
                    entry = JSON.readTree(entry.asText());
                } catch (JsonProcessingException e) {
                    throw new Ms2DeepScoreModelException("setting '" + where + "' is text that is not JSON: "
                            + e.getOriginalMessage(), e);
                }
            }
            features.add(MetadataFeatures.fromJson(entry, where));
        }
        return features;
    }
}
