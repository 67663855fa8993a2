package io.modelgate.spectra.formats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The peaks of the spectrum being read: checked as they are added (finite, non-negative, at most
 * {@code maxPeaks}), handed out sorted by m/z. Reused from one spectrum to the next.
 */
final class Peaks {

    private final int maxPeaks;
    private double[] mz = new double[256];
    private double[] intensities = new double[256];
    private int size;
    private boolean sorted = true;

    Peaks(int maxPeaks) {
        if (maxPeaks < 1) {
            throw new IllegalArgumentException("maxPeaks must be at least 1, not " + maxPeaks);
        }
        this.maxPeaks = maxPeaks;
    }

    int maxPeaks() {
        return maxPeaks;
    }

    int size() {
        return size;
    }

    /** Adds one peak from its text; {@code lines} gives the source and line for the message when it is wrong. */
    void add(String mzText, String intensityText, Lines lines) {
        double position = parse(mzText, "m/z", lines);
        double intensity = parse(intensityText, "intensity", lines);
        if (size == maxPeaks) {
            throw new SpectrumFormatException(lines.source(), lines.number(),
                    "more than " + maxPeaks + " peaks in one spectrum (the limit)");
        }
        if (size == mz.length) {
            int capacity = (int) Math.min((long) size * 2, maxPeaks);
            mz = Arrays.copyOf(mz, capacity);
            intensities = Arrays.copyOf(intensities, capacity);
        }
        if (size > 0 && position < mz[size - 1]) {
            sorted = false;
        }
        mz[size] = position;
        intensities[size] = intensity;
        size++;
    }

    /**
     * The peaks as two arrays sorted by m/z; peaks with equal m/z keep their order in the file. Empties this
     * list for the next spectrum.
     */
    double[][] takeSorted() {
        double[] sortedMz;
        double[] sortedIntensities;
        if (sorted) {
            sortedMz = Arrays.copyOf(mz, size);
            sortedIntensities = Arrays.copyOf(intensities, size);
        } else {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            double[] positions = mz;
            Arrays.sort(order, Comparator.comparingDouble(i -> positions[i])); // stable: ties keep file order
            sortedMz = new double[size];
            sortedIntensities = new double[size];
            for (int i = 0; i < size; i++) {
                sortedMz[i] = mz[order[i]];
                sortedIntensities[i] = intensities[order[i]];
            }
        }
        clear();
        return new double[][]{sortedMz, sortedIntensities};
    }

    void clear() {
        size = 0;
        sorted = true;
        if (mz.length > 4096) {
            // Let one huge spectrum's arrays go instead of holding them for the rest of the file.
            mz = new double[256];
            intensities = new double[256];
        }
    }

    private static double parse(String text, String what, Lines lines) {
        double value = Numbers.parse(text);
        if (Double.isNaN(value) && !Numbers.isNotANumberWord(text)) {
            throw new SpectrumFormatException(lines.source(), lines.number(),
                    "peak " + what + " \"" + text + "\" is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new SpectrumFormatException(lines.source(), lines.number(),
                    "peak " + what + " \"" + text + "\" is not a finite number");
        }
        if (value < 0) {
            throw new SpectrumFormatException(lines.source(), lines.number(),
                    "peak " + what + " \"" + text + "\" is negative");
        }
        return value;
    }
}
