package io.modelgate.spectra;

import java.util.List;
import java.util.PriorityQueue;

/**
 * A spectral library in memory: the embeddings of its spectra (normalised to unit length, row-major, so
 * that a dot product is the cosine) and what identifies each spectrum. Immutable; searched by any number
 * of threads at once.
 *
 * @param info      what the library is and which model version embedded it
 * @param unitRows  {@code count × dimension} floats, each row of length 1
 * @param entries   one per row
 */
public record SpectralLibrary(Info info, float[] unitRows, List<Entry> entries) {

    /** The library as listed and persisted. */
    public record Info(String name, String model, long modelVersion, String modelSha256, int dimension, int count,
                       String created, String source) {
    }

    /** What a hit shows of a library spectrum. */
    public record Entry(String spectrumId, String compoundName, String smiles, String inchikey, Double precursorMz) {

        static Entry of(Spectrum spectrum) {
            return new Entry(spectrum.get("spectrum_id"), spectrum.get("compound_name"), spectrum.get("smiles"),
                    spectrum.get("inchikey"), spectrum.precursorMz());
        }
    }

    /** One library spectrum found for a query. */
    public record Hit(int rank, double score, String spectrumId, String compoundName, String smiles, String inchikey,
                      Double precursorMz) {
    }

    public SpectralLibrary {
        if (unitRows.length != (long) info.count() * info.dimension() || entries.size() != info.count()) {
            throw new IllegalArgumentException("library '" + info.name() + "': " + unitRows.length + " values and "
                    + entries.size() + " entries for " + info.count() + " spectra of dimension " + info.dimension());
        }
        entries = List.copyOf(entries);
    }

    /** Scales a vector to length 1 in place (an all-zero vector stays zero and scores 0 against everything). */
    static void normalise(float[] vector, int offset, int length) {
        double norm = 0;
        for (int i = offset; i < offset + length; i++) {
            norm += (double) vector[i] * vector[i];
        }
        if (norm == 0) {
            return;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = offset; i < offset + length; i++) {
            vector[i] *= scale;
        }
    }

    /**
     * The {@code k} library spectra most similar to the query embedding, best first; with a precursor
     * tolerance only those whose precursor m/z lies within it of {@code queryPrecursorMz}.
     */
    public List<Hit> search(float[] query, int k, Double queryPrecursorMz, Double precursorTolerance) {
        int dimension = info.dimension();
        float[] unit = query.clone();
        normalise(unit, 0, dimension);
        // A min-heap of the best k so far: row indices ordered by score, worst on top.
        PriorityQueue<double[]> best = new PriorityQueue<>(k + 1, (a, b) -> Double.compare(a[0], b[0]));
        for (int row = 0; row < info.count(); row++) {
            if (precursorTolerance != null) {
                Double precursor = entries.get(row).precursorMz();
                if (precursor == null || Math.abs(precursor - queryPrecursorMz) > precursorTolerance) {
                    continue;
                }
            }
            double score = dot(unit, row * dimension, dimension);
            if (best.size() < k) {
                best.add(new double[]{score, row});
            } else if (score > best.peek()[0]) {
                best.poll();
                best.add(new double[]{score, row});
            }
        }
        Hit[] hits = new Hit[best.size()];
        for (int rank = hits.length; rank >= 1; rank--) {
            double[] top = best.poll();
            Entry entry = entries.get((int) top[1]);
            hits[rank - 1] = new Hit(rank, top[0], entry.spectrumId(), entry.compoundName(), entry.smiles(),
                    entry.inchikey(), entry.precursorMz());
        }
        return List.of(hits);
    }

    private double dot(float[] unit, int offset, int dimension) {
        float sum = 0;
        for (int i = 0; i < dimension; i++) {
            sum += unit[i] * unitRows[offset + i];
        }
        return sum;
    }
}
