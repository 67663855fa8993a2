import io.modelgate.spectra.library.SpectralLibrary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Top-k search of an in-memory spectral library ({@link SpectralLibrary#search}) against the memory-bandwidth
 * floor of the same matrix, in one run. For each dimension a synthetic library of COUNT random embeddings
 * (Gaussian, seeded, rows unit-normalised) with precursor m/z spread uniformly over 100–1000 is built directly
 * as a SpectralLibrary; QUERIES random queries (same kind) are searched for their top K, one after another on
 * one thread, without a precursor filter and with a tolerance of 0.5 Da around each query's own precursor.
 *
 * <p>Three passes over the same {@code unitRows} matrix, each best of REPETITIONS after a warm-up:
 * <ul>
 *   <li>the floor: the sum of every float, with 8 independent accumulators so that it waits on memory, not
 *       on the adder (its bytes / time is the GB/s printed);</li>
 *   <li>a scan: one dot product per row exactly as {@code SpectralLibrary.dot} computes it (float, one
 *       accumulator), the best score kept in a local, no heap, no filter: what search does less its top-k;</li>
 *   <li>a scan with 8 accumulators per dot product: what the same scan costs when the adds do not wait on each
 *       other (a diagnostic; SpectralLibrary is not changed).</li>
 * </ul>
 * and, as a check that the floor is limited by memory rather than by its adds, the same sum over the first 1 MB
 * (in cache) and {@code Arrays.equals} of the matrix and a copy (a vectorised intrinsic).
 * The ratio is search time per query / floor time (one pass over the matrix per query is the least a brute-force
 * search can read). Prints a Markdown table.
 *
 * Run: java -cp target/classes bench/SearchBench.java [COUNT 100000] [DIMENSIONS 100,200] [QUERIES 200] [K 10]
 *      [REPETITIONS 10]
 */
public class SearchBench {

    private static final long SEED = 20261127L;
    private static volatile double sink;

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int[] dimensions = Arrays.stream((args.length > 1 ? args[1] : "100,200").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int repetitions = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        double tolerance = 0.5;

        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int dimension : dimensions) {
            Random random = new Random(SEED + dimension);
            SpectralLibrary library = library(random, count, dimension);
            float[][] query = new float[queries][];
            double[] precursor = new double[queries];
            for (int q = 0; q < queries; q++) {
                query[q] = gaussian(random, dimension);
                precursor[q] = 100 + 900 * random.nextDouble();
            }
            float[] matrix = library.unitRows();
            double megabytes = matrix.length * 4.0 / 1e6;

            // Warm-up: every timed method compiled before any timing.
            for (int i = 0; i < 20; i++) {
                searchAll(library, query, precursor, k, null, 5);
                searchAll(library, query, precursor, k, tolerance, 5);
                floor(matrix);
                floor(matrix, 256 * 1024);
                scan(matrix, query[0], dimension);
                scan8(matrix, query[0], dimension);
            }
            double floor = best(repetitions, () -> sink = floor(matrix));
            int inCache = 256 * 1024; // 1 MB: the adder's rate when memory does not limit it
            double cached = best(repetitions * 20, () -> sink = floor(matrix, inCache));
            float[] copy = matrix.clone();
            for (int i = 0; i < 20; i++) {
                sink = Arrays.equals(matrix, copy) ? 1 : 0;
            }
            double equals = best(repetitions, () -> sink = Arrays.equals(matrix, copy) ? 1 : 0);
            double scan = best(repetitions, () -> sink = scan(matrix, query[0], dimension));
            double scan8 = best(repetitions, () -> sink = scan8(matrix, query[0], dimension));
            double all = time(() -> searchAll(library, query, precursor, k, null, queries)) / queries;
            double filtered = time(() -> searchAll(library, query, precursor, k, tolerance, queries)) / queries;
            long within = 0;
            for (int q = 0; q < queries; q++) {
                for (SpectralLibrary.Entry entry : library.entries()) {
                    within += Math.abs(entry.precursorMz() - precursor[q]) <= tolerance ? 1 : 0;
                }
            }

            rows.add(String.format("| %d | %d × %d (%.0f MB) | none | %.1f | %.2f | %.2f (%.1f GB/s) | %.1f |",
                    k, count, dimension, megabytes, 1 / all, all * 1e3, floor * 1e3, megabytes / 1e3 / floor,
                    all / floor));
            rows.add(String.format("| %d | %d × %d (%.0f MB) | ±%.1f Da (%.0f rows per query on average) | %.1f | %.3f | %.2f | %.2f |",
                    k, count, dimension, megabytes, tolerance, (double) within / queries, 1 / filtered,
                    filtered * 1e3, floor * 1e3, filtered / floor));
            notes.add(String.format("- dimension %d: one pass of SpectralLibrary's dot (float, one accumulator, no heap)"
                            + " %.2f ms; the same dot with 8 accumulators %.2f ms; floor %.2f ms; search %.2f ms.",
                    dimension, scan * 1e3, scan8 * 1e3, floor * 1e3, all * 1e3));
            notes.add(String.format("- dimension %d: the floor's sum over the first 1 MB of the matrix (in cache) runs at"
                    + " %.1f GB/s, against %.1f GB/s over all %.0f MB.", dimension, inCache * 4 / 1e9 / cached,
                    megabytes / 1e3 / floor, megabytes));
            notes.add(String.format("- dimension %d: Arrays.equals of the matrix and a copy (a vectorised JDK intrinsic that"
                    + " reads both) runs at %.1f GB/s: the bandwidth one core gets, which the floor should be close to.",
                    dimension, 2 * megabytes / 1e3 / equals));
        }
        System.out.printf("%d queries per row, one thread, top %d; floor and scans best of %d.%n%n", queries, k,
                repetitions);
        System.out.println("| k | library | precursor filter | queries/s | ms per query | floor ms per pass (GB/s) | search / floor |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        notes.forEach(System.out::println);
    }

    private static SpectralLibrary library(Random random, int count, int dimension) {
        float[] rows = new float[Math.multiplyExact(count, dimension)];
        List<SpectralLibrary.Entry> entries = new ArrayList<>(count);
        for (int row = 0; row < count; row++) {
            float[] vector = gaussian(random, dimension);
            double norm = 0;
            for (float v : vector) {
                norm += (double) v * v;
            }
            for (int i = 0; i < dimension; i++) {
                rows[row * dimension + i] = (float) (vector[i] / Math.sqrt(norm));
            }
            entries.add(new SpectralLibrary.Entry("synthetic-" + row, null, null, null, 100 + 900 * random.nextDouble()));
        }
        SpectralLibrary.Info info = new SpectralLibrary.Info("synthetic", "none", 1, "", dimension, count,
                "2026-11-27T00:00:00Z", "bench/SearchBench.java");
        return new SpectralLibrary(info, rows, entries);
    }

    private static float[] gaussian(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    private static void searchAll(SpectralLibrary library, float[][] query, double[] precursor, int k,
                                  Double tolerance, int n) {
        double total = 0;
        for (int q = 0; q < n; q++) {
            List<SpectralLibrary.Hit> hits = library.search(query[q], k, tolerance == null ? null : precursor[q], tolerance);
            total += hits.isEmpty() ? 0 : hits.get(0).score();
        }
        sink = total;
    }

    /** Every float of the matrix summed, 8 independent accumulators. */
    private static double floor(float[] m) {
        return floor(m, m.length);
    }

    /** The first {@code length} floats of the matrix summed, 8 independent accumulators. */
    private static double floor(float[] m, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            s0 += m[i];
            s1 += m[i + 1];
            s2 += m[i + 2];
            s3 += m[i + 3];
            s4 += m[i + 4];
            s5 += m[i + 5];
            s6 += m[i + 6];
            s7 += m[i + 7];
        }
        for (; i < length; i++) {
            s0 += m[i];
        }
        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    /** The best dot product of the query with any row, each computed as SpectralLibrary computes it. */
    private static double scan(float[] m, float[] query, int dimension) {
        float best = Float.NEGATIVE_INFINITY;
        for (int offset = 0; offset < m.length; offset += dimension) {
            best = Math.max(best, dot1(query, m, offset, dimension));
        }
        return best;
    }

    /** As {@link #scan}, with 8 accumulators per dot product. */
    private static double scan8(float[] m, float[] query, int dimension) {
        float best = Float.NEGATIVE_INFINITY;
        for (int offset = 0; offset < m.length; offset += dimension) {
            best = Math.max(best, dot8(query, m, offset, dimension));
        }
        return best;
    }

    private static float dot1(float[] unit, float[] rows, int offset, int dimension) {
        float sum = 0;
        for (int i = 0; i < dimension; i++) {
            sum += unit[i] * rows[offset + i];
        }
        return sum;
    }

    private static float dot8(float[] unit, float[] rows, int offset, int dimension) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= dimension; i += 8) {
            s0 += unit[i] * rows[offset + i];
            s1 += unit[i + 1] * rows[offset + i + 1];
            s2 += unit[i + 2] * rows[offset + i + 2];
            s3 += unit[i + 3] * rows[offset + i + 3];
            s4 += unit[i + 4] * rows[offset + i + 4];
            s5 += unit[i + 5] * rows[offset + i + 5];
            s6 += unit[i + 6] * rows[offset + i + 6];
            s7 += unit[i + 7] * rows[offset + i + 7];
        }
        for (; i < dimension; i++) {
            s0 += unit[i] * rows[offset + i];
        }
        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    /** Seconds, best of {@code n}. */
    private static double best(int n, Runnable pass) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            best = Math.min(best, time(pass));
        }
        return best;
    }

    private static double time(Runnable pass) {
        long start = System.nanoTime();
        pass.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
