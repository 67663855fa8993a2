package io.modelgate.spectra;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One of ms2deepscore's metadata feature generators ({@code MetadataFeatureGenerator.py}): it turns one
 * metadata field of a spectrum into one float of the model's {@code metadata_tensors} row. Each generator
 * gives exactly one value, so the metadata width is the number of generators.
 *
 * <p>Fields are read as matchms names them: {@code precursor_mz} is {@link Spectrum#precursorMz()},
 * {@code ionmode} is {@link Spectrum#ionmode()}, any other key is {@link Spectrum#get(String)}. matchms keeps
 * numeric fields as numbers while {@link Spectrum} keeps text, so where a number is wanted the text is read
 * as a number.
 */
public sealed interface MetadataFeature {

    /** The metadata field (matchms' name) this feature is computed from. */
    String metadataField();

    /**
     * The feature of one spectrum, computed in double precision as Python does.
     *
     * @throws InvalidInputException when the field is missing or has a value ms2deepscore would refuse
     */
    double compute(Spectrum spectrum);

    /**
     * {@code (value - mean) / standard_deviation}, or {@code value - mean} when the standard deviation is
     * null or 0 (ms2deepscore tests it for truth). A missing or non-numeric value is refused: ms2deepscore
     * raises {@code TypeError} there.
     */
    record StandardScaler(String metadataField, double mean, Double standardDeviation) implements MetadataFeature {

        public StandardScaler {
            Objects.requireNonNull(metadataField, "metadataField");
        }

        @Override
        public double compute(Spectrum spectrum) {
            Object value = MetadataFeatures.valueOf(spectrum, metadataField);
            double number;
            if (value instanceof Double d) {
                number = d;
            } else if (value instanceof String text) {
                number = MetadataFeatures.parseNumber(text).orElseThrow(() -> new InvalidInputException("metadata field '"
                        + metadataField + "' is '" + text + "'; this model's StandardScaler expects a number there"));
            } else {
                throw new InvalidInputException("metadata field '" + metadataField
                        + "' is missing; this model's StandardScaler expects a number there");
            }
            boolean divide = standardDeviation != null && standardDeviation != 0.0;
            return divide ? (number - mean) / standardDeviation : number - mean;
        }
    }

    /**
     * 1 when the value is one of {@code entries_becoming_one}, 0 when it is one of {@code entries_becoming_zero}
     * (one wins when an entry is in both); any other value, or a missing one, is refused as ms2deepscore
     * raises {@code ValueError} there. Entries are strings, numbers or null (null matches a missing value).
     */
    record CategoricalToBinary(String metadataField, List<Object> entriesBecomingOne, List<Object> entriesBecomingZero)
            implements MetadataFeature {

        public CategoricalToBinary {
            Objects.requireNonNull(metadataField, "metadataField");
            entriesBecomingOne = Collections.unmodifiableList(new ArrayList<>(entriesBecomingOne));
            entriesBecomingZero = Collections.unmodifiableList(new ArrayList<>(entriesBecomingZero));
        }

        @Override
        public double compute(Spectrum spectrum) {
            Object value = MetadataFeatures.valueOf(spectrum, metadataField);
            if (entriesBecomingOne.stream().anyMatch(entry -> MetadataFeatures.pythonEquals(value, entry))) {
                return 1;
            }
            if (entriesBecomingZero.stream().anyMatch(entry -> MetadataFeatures.pythonEquals(value, entry))) {
                return 0;
            }
            throw new InvalidInputException("metadata field '" + metadataField + "' is "
                    + (value == null ? "missing" : "'" + value + "'") + "; this model's CategoricalToBinary expects one of "
                    + entriesBecomingOne + " (1) or " + entriesBecomingZero + " (0)");
        }
    }

    /**
     * 1 when the value equals {@code entries_becoming_one}, else 0, a missing value included (ms2deepscore
     * compares with {@code ==} and never raises). It gives one value, not a one-hot vector.
     */
    record OneHotEncoder(String metadataField, Object entryBecomingOne) implements MetadataFeature {

        public OneHotEncoder {
            Objects.requireNonNull(metadataField, "metadataField");
        }

        @Override
        public double compute(Spectrum spectrum) {
            return MetadataFeatures.pythonEquals(MetadataFeatures.valueOf(spectrum, metadataField), entryBecomingOne) ? 1 : 0;
        }
    }
}
