package io.modelgate.spectra.formats;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link Spectrum} promises of every spectrum a reader returns, checked on each one the fuzzers read. */
final class SpectrumChecks {

    private SpectrumChecks() {
    }

    /** Reads every spectrum left in {@code reader}, failing on one that breaks {@link Spectrum}'s promises. */
    static void readAll(SpectrumReader reader) {
        while (reader.hasNext()) {
            Spectrum spectrum = reader.next();
            for (int i = 0; i < spectrum.peakCount(); i++) {
                double mz = spectrum.mz()[i];
                double intensity = spectrum.intensities()[i];
                assertTrue(Double.isFinite(mz) && mz >= 0, () -> "m/z not finite and >= 0: " + spectrum);
                assertTrue(i == 0 || spectrum.mz()[i - 1] <= mz, () -> "m/z not ascending: " + spectrum);
                assertTrue(Double.isFinite(intensity) && intensity >= 0, () -> "intensity not finite and >= 0: " + spectrum);
            }
            Double precursor = spectrum.precursorMz();
            assertTrue(precursor == null || Double.isFinite(precursor), () -> "precursor m/z not finite: " + spectrum);
        }
    }
}
