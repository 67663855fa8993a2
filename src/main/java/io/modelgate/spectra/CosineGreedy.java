package io.modelgate.spectra;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;

import java.util.Arrays;
import java.util.List;

/**
 * matchms' {@code CosineGreedy} spectral similarity, the field's standard non-learned baseline, as matchms 0.x
 * computes it from PR #596 (January 2024, stable sorting of the peak pairs) up to before 1.0 (which changed the
 * default tolerance to 0.01 and added a noise filter): {@code matchms/similarity/CosineGreedy.py} with
 * {@code find_matches}, {@code collect_peak_pairs} and {@code score_best_matches} of
 * {@code matchms/similarity/spectrum_similarity_functions.py}.
 *
 * <p>Each peak {@code k} weighs {@code w_k = mz_k^mzPower · intensity_k^intensityPower}. A reference peak {@code r}
 * and a query peak {@code q} are a candidate pair when {@code mz_r − tolerance ≤ mz_q ≤ mz_r + tolerance}, the two
 * bounds computed in double precision around the reference m/z without any epsilon (so at the very edge of the
 * tolerance the outcome can depend on which spectrum is the reference, as in matchms). The pairs, collected by
 * reference peak and then query peak in ascending m/z, are sorted by product {@code w_r · w_q} with a stable
 * ascending sort and then walked backwards (numpy's {@code argsort(kind="mergesort")[::-1]}), so of equal
 * products the pair collected last comes first. Walking that order, a pair is kept when neither of its peaks has
 * been kept yet. Then
 * <pre>
 *   score = Σ_kept w_r · w_q / ( sqrt(Σ_all reference peaks w²) · sqrt(Σ_all query peaks w²) )
 * </pre>
 * and {@code matches} is the number of kept pairs. With no candidate pair (an empty spectrum included) the
 * score is 0 with 0 matches; with candidate pairs and a zero norm matchms' numba code raises
 * {@code ZeroDivisionError}, and this throws {@link ArithmeticException}.
 *
 * @param tolerance      the largest m/z difference of a matching pair (matchms' default 0.1)
 * @param mzPower        the power of m/z in a peak's weight (default 0: weights do not depend on m/z)
 * @param intensityPower the power of intensity in a peak's weight (default 1)
 */
public record CosineGreedy(double tolerance, double mzPower, double intensityPower) {

    public static final double DEFAULT_TOLERANCE = 0.1;
    public static final double DEFAULT_MZ_POWER = 0.0;
    public static final double DEFAULT_INTENSITY_POWER = 1.0;

    /** A cosine score in [0, 1] and the number of peak pairs that made it, as matchms' {@code (score, matches)}. */
    public record Score(double score, int matches) {
    }

    public CosineGreedy {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite m/z ≥ 0, not " + tolerance);
        }
        if (!Double.isFinite(mzPower) || !Double.isFinite(intensityPower)) {
            throw new IllegalArgumentException(
                    "mz_power and intensity_power must be finite, not " + mzPower + " and " + intensityPower);
        }
    }

    /** matchms' defaults: tolerance 0.1, mz_power 0, intensity_power 1. */
    public CosineGreedy() {
        this(DEFAULT_TOLERANCE, DEFAULT_MZ_POWER, DEFAULT_INTENSITY_POWER);
    }

    /** The score of one pair; the tolerance window is taken around the reference's peaks. */
    public Score pair(Spectrum reference, Spectrum query) {
        return score(weigh(reference), weigh(query));
    }

    /** Scores only, {@code [reference][query]}; each spectrum's weights and norm are computed once. */
    public double[][] matrix(List<Spectrum> references, List<Spectrum> queries) {
        List<Weighted> weightedQueries = queries.stream().map(this::weigh).toList();
        double[][] scores = new double[references.size()][queries.size()];
        for (int r = 0; r < references.size(); r++) {
            Weighted reference = weigh(references.get(r));
            for (int q = 0; q < weightedQueries.size(); q++) {
                scores[r][q] = score(reference, weightedQueries.get(q)).score();
            }
        }
        return scores;
    }

    /** The most candidate peak pairs one comparison may have (memory: about 40 bytes each). */
    static final int MAX_CANDIDATE_PAIRS = 10_000_000;

    /** A spectrum's m/z, its peaks' weights and the Euclidean norm of those weights. */
    private record Weighted(double[] mz, double[] weights, double norm) {
    }

    private Weighted weigh(Spectrum spectrum) {
        double[] mz = spectrum.mz();
        double[] intensities = spectrum.intensities();
        double[] weights = new double[mz.length];
        double largest = 0.0;
        for (int k = 0; k < mz.length; k++) {
            weights[k] = Math.pow(mz[k], mzPower) * Math.pow(intensities[k], intensityPower);
            largest = Math.max(largest, weights[k]);
        }
        // The score does not depend on a spectrum's scale; dividing by the largest weight keeps the squares
        // from underflowing to 0 (intensities of 1e-200) or overflowing to infinity (1e200).
        double scale = largest > 0 && Double.isFinite(largest) && (largest < 1e-100 || largest > 1e100) ? largest : 1.0;
        double squares = 0.0;
        for (int k = 0; k < mz.length; k++) {
            weights[k] /= scale;
            squares += weights[k] * weights[k];
        }
        return new Weighted(mz, weights, Math.sqrt(squares));
    }

    private Score score(Weighted reference, Weighted query) {
        int[][] pairs = candidatePairs(reference.mz(), query.mz());
        int count = pairs[0].length;
        if (count == 0) {
            return new Score(0.0, 0);
        }
        int[] refPeak = pairs[0];
        int[] queryPeak = pairs[1];
        double[] products = new double[count];
        Integer[] order = new Integer[count];
        for (int p = 0; p < count; p++) {
            products[p] = reference.weights()[refPeak[p]] * query.weights()[queryPeak[p]];
            order[p] = p;
        }
        // Stable ascending (TimSort, like numpy's mergesort), read from the end: of equal products, last collected first.
        Arrays.sort(order, (a, b) -> ascending(products[a], products[b]));
        boolean[] refUsed = new boolean[reference.mz().length];
        boolean[] queryUsed = new boolean[query.mz().length];
        double sum = 0.0;
        int matches = 0;
        for (int k = count - 1; k >= 0; k--) {
            int p = order[k];
            if (!refUsed[refPeak[p]] && !queryUsed[queryPeak[p]]) {
                sum += products[p];
                refUsed[refPeak[p]] = true;
                queryUsed[queryPeak[p]] = true;
                matches++;
            }
        }
        double denominator = reference.norm() * query.norm();
        if (denominator == 0.0) {
            throw new ArithmeticException("cosine of a spectrum whose peak weights are all 0: " + matches
                    + " matched peaks over a zero norm (matchms raises ZeroDivisionError)");
        }
        return new Score(sum / denominator, matches);
    }

    /**
     * The candidate pairs {reference peaks, query peaks}, by reference peak then query peak: one pass over both
     * ascending m/z arrays, each reference peak's scan starting at the first query peak the previous one did not
     * leave below its window.
     */
    private int[][] candidatePairs(double[] refMz, double[] queryMz) {
        int[] refPeaks = new int[Math.max(refMz.length, 4)];
        int[] queryPeaks = new int[refPeaks.length];
        int count = 0;
        int lowest = 0;
        for (int r = 0; r < refMz.length; r++) {
            double low = refMz[r] - tolerance;
            double high = refMz[r] + tolerance;
            for (int q = lowest; q < queryMz.length; q++) {
                if (queryMz[q] > high) {
                    break;
                }
                if (queryMz[q] < low) {
                    lowest = q + 1;
                } else {
                    if (count == MAX_CANDIDATE_PAIRS) {
                        throw new InvalidInputException("the two spectra have more than " + MAX_CANDIDATE_PAIRS
                                + " pairs of peaks within " + tolerance + " m/z of each other; cosine-greedy compares"
                                + " at most that many");
                    }
                    if (count == refPeaks.length) {
                        refPeaks = Arrays.copyOf(refPeaks, Math.min(2 * count, MAX_CANDIDATE_PAIRS));
                        queryPeaks = Arrays.copyOf(queryPeaks, refPeaks.length);
                    }
                    refPeaks[count] = r;
                    queryPeaks[count] = q;
                    count++;
                }
            }
        }
        return new int[][]{Arrays.copyOf(refPeaks, count), Arrays.copyOf(queryPeaks, count)};
    }

    /** numpy's ascending order of float64: −0 equals +0 and NaN sorts after every number. */
    private static int ascending(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        boolean aNaN = Double.isNaN(a);
        return aNaN == Double.isNaN(b) ? 0 : aNaN ? 1 : -1;
    }
}
