package io.modelgate.spectra.formats;

import java.util.Arrays;
import java.util.Map;

/**
 * One MS/MS mass spectrum: its peaks and its metadata, named as matchms names them after harmonisation.
 *
 * @param mz          peak positions (m/z), ascending, each finite and ≥ 0
 * @param intensities one finite, non-negative intensity per peak
 * @param precursorMz the precursor's m/z (MGF {@code PEPMASS} or {@code PRECURSOR_MZ}), or null when unknown
 * @param ionmode     {@code positive}, {@code negative}, or null when unknown
 * @param metadata    every other field with matchms' lower-case key, e.g. {@code smiles}, {@code inchi},
 *                    {@code inchikey}, {@code compound_name}, {@code spectrum_id}, {@code charge}
 */
public record Spectrum(double[] mz, double[] intensities, Double precursorMz, String ionmode,
                       Map<String, String> metadata) {

    public Spectrum {
        if (mz.length != intensities.length) {
            throw new IllegalArgumentException(
                    "a spectrum needs one intensity per m/z: " + mz.length + " m/z values, " + intensities.length
                            + " intensities");
        }
        metadata = Map.copyOf(metadata);
    }

    public int peakCount() {
        return mz.length;
    }

    /** The metadata value of {@code key} (matchms' name), or null. */
    public String get(String key) {
        return metadata.get(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Spectrum that && Arrays.equals(mz, that.mz)
                && Arrays.equals(intensities, that.intensities) && java.util.Objects.equals(precursorMz,
                that.precursorMz) && java.util.Objects.equals(ionmode, that.ionmode) && metadata.equals(that.metadata);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mz) + Arrays.hashCode(intensities);
    }

    @Override
    public String toString() {
        return "Spectrum[" + mz.length + " peaks, precursor_mz=" + precursorMz + ", ionmode=" + ionmode + ", "
                + metadata + "]";
    }
}
