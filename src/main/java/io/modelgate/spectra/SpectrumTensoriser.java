package io.modelgate.spectra;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Turns spectra into an ms2deepscore model's two inputs exactly as ms2deepscore's {@code tensorize_spectra} does:
 *
 * <ul>
 *   <li>{@code spectra_tensors} [N, bins]: a peak is kept when {@code min_mz <= mz < max_mz}; its bin is
 *       {@code int((mz - min_mz) / mz_bin_width)} in double precision; its value is
 *       {@code intensity ** intensity_scaling} of the intensity as given (not normalised here: matchms'
 *       processing does that beforehand); when several peaks fall in one bin the bin keeps the largest value.
 *       Values are computed in double and stored as float32.</li>
 *   <li>{@code metadata_tensors} [N, metadata width]: one value per {@code additional_metadata} entry, in the
 *       settings' order, as float32.</li>
 * </ul>
 *
 * <p>One case ms2deepscore leaves undefined: a peak below {@code max_mz} whose bin index rounds up to the number of
 * bins (numba writes past the end of its array without a bounds check). Such a peak is dropped here.
 */
public final class SpectrumTensoriser {

    private final Ms2DeepScoreSettings settings;
    private final int bins;

    public SpectrumTensoriser(Ms2DeepScoreSettings settings) {
        this.settings = settings;
        this.bins = settings.numberOfBins();
    }

    public Ms2DeepScoreSettings settings() {
        return settings;
    }

    /**
     * Both input tensors of a batch, rows in the order of the list.
     *
     * @throws InvalidInputException when a spectrum lacks a metadata value the model needs, or has one it refuses;
     *                               the message names the spectrum's position and the field
     */
    public SpectrumTensors tensorise(List<Spectrum> spectra) {
        return tensorise(spectra, row -> "spectrum " + row);
    }

    /** As {@link #tensorise(List)}, with {@code name} saying in messages which spectrum of the request a row is. */
    public SpectrumTensors tensorise(List<Spectrum> spectra, IntFunction<String> name) {
        int count = spectra.size();
        int width = settings.metadataWidth();
        float[] peaks = new float[Math.multiplyExact(count, bins)];
        float[] metadata = new float[Math.multiplyExact(count, width)];
        for (int row = 0; row < count; row++) {
            Spectrum spectrum = spectra.get(row);
            binInto(spectrum, peaks, row * bins);
            try {
                metadataInto(spectrum, metadata, row * width);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(name.apply(row) + ": " + e.getMessage());
            }
        }
        return new SpectrumTensors(count, bins, width, peaks, metadata);
    }

    /** One spectrum's row of {@code spectra_tensors}. */
    public float[] binnedPeaks(Spectrum spectrum) {
        float[] row = new float[bins];
        binInto(spectrum, row, 0);
        return row;
    }

    /** One spectrum's row of {@code metadata_tensors}. */
    public float[] metadataFeatures(Spectrum spectrum) {
        float[] row = new float[settings.metadataWidth()];
        metadataInto(spectrum, row, 0);
        return row;
    }

    private void binInto(Spectrum spectrum, float[] into, int offset) {
        double minMz = settings.minMz();
        double maxMz = settings.maxMz();
        double width = settings.mzBinWidth();
        double scaling = settings.intensityScaling();
        double[] mz = spectrum.mz();
        double[] intensities = spectrum.intensities();
        double[] row = new double[bins];
        for (int i = 0; i < mz.length; i++) {
            if (minMz <= mz[i] && mz[i] < maxMz) {
                int bin = (int) ((mz[i] - minMz) / width);
                double value = Math.pow(intensities[i], scaling);
                // Python's max(kept, value): the larger one, the kept one on a tie.
                if (bin < bins && value > row[bin]) {
                    row[bin] = value;
                }
            }
        }
        for (int bin = 0; bin < bins; bin++) {
            into[offset + bin] = (float) row[bin];
        }
    }

    private void metadataInto(Spectrum spectrum, float[] into, int offset) {
        List<MetadataFeature> features = settings.additionalMetadata();
        for (int i = 0; i < features.size(); i++) {
            into[offset + i] = (float) features.get(i).compute(spectrum);
        }
    }
}
