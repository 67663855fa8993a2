package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every metric a run is scored by, with the name the ledger, the API and the CLI use for it, which way is
 * better and what unit its value is in. Ledger rows keep metric names as text, so that a row written by a
 * later version with a metric this one does not know is still read; {@link #find} maps them back.
 */
public enum Metric {

    ACCURACY("accuracy", Direction.HIGHER_IS_BETTER, Unit.FRACTION, true),
    MACRO_F1("macro_f1", Direction.HIGHER_IS_BETTER, Unit.FRACTION, true),
    R2("r2", Direction.HIGHER_IS_BETTER, Unit.NONE, true),
    RMSE("rmse", Direction.LOWER_IS_BETTER, Unit.TARGET, true),
    MAE("mae", Direction.LOWER_IS_BETTER, Unit.TARGET, true),
    INVALID_RATE("invalid_rate", Direction.LOWER_IS_BETTER, Unit.FRACTION, true),
    /** Expected calibration error over 10 equal-width bins of the predicted label's probability. */
    ECE("ece", Direction.LOWER_IS_BETTER, Unit.FRACTION, true),
    /** Multi-class Brier score: mean of Σ (p − one-hot truth)², from 0 (perfect) to 2. */
    BRIER("brier", Direction.LOWER_IS_BETTER, Unit.NONE, true),
    /** Mean −ln p(true label), probabilities clipped at 1e-15. */
    LOG_LOSS("log_loss", Direction.LOWER_IS_BETTER, Unit.NATS, true),
    /** Macro one-vs-rest ROC AUC over the labels with positives and negatives. */
    ROC_AUC("roc_auc", Direction.HIGHER_IS_BETTER, Unit.NONE, true),
    /** The task's naive baseline scored on the same examples: context for a run, not a judgement of its system. */
    BASELINE_RMSE("baseline_rmse", Direction.LOWER_IS_BETTER, Unit.TARGET, false),
    BASELINE_MAE("baseline_mae", Direction.LOWER_IS_BETTER, Unit.TARGET, false);

    public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER }

    public enum Unit {
        /** A share of the examples, 0 to 1. */
        FRACTION,
        /** The unit of the task's target (hours of sunshine, say). */
        TARGET,
        /** A pure number. */
        NONE,
        /** Natural-log information: log loss. */
        NATS
    }

    private final String key;
    private final Direction direction;
    private final Unit unit;
    private final boolean ofTheSystem;

    Metric(String key, Direction direction, Unit unit, boolean ofTheSystem) {
        this.key = key;
        this.direction = direction;
        this.unit = unit;
        this.ofTheSystem = ofTheSystem;
    }

    /** The metric named {@code key} ({@code accuracy}, {@code rmse}, …). */
    public static Metric of(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("unknown metric '" + key + "'"));
    }

    public static Optional<Metric> find(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    /** The metrics of a system that a threshold in {@code direction} can gate a run on, in declaration order. */
    public static List<Metric> gates(Direction direction) {
        return Arrays.stream(values()).filter(m -> m.ofTheSystem && m.direction == direction).toList();
    }

    @JsonValue
    public String key() {
        return key;
    }

    public Direction direction() {
        return direction;
    }

    public Unit unit() {
        return unit;
    }

    /** False for the naive baseline's metrics: they describe the task, so no threshold gates a run on them. */
    public boolean judgesTheSystem() {
        return ofTheSystem;
    }

    public boolean higherIsBetter() {
        return direction == Direction.HIGHER_IS_BETTER;
    }

    /** The value signed so that larger is better, for ranking runs by this metric. */
    public double signed(double value) {
        return higherIsBetter() ? value : -value;
    }

    /** Whether {@code value} misses the threshold {@code limit}: below it for higher-is-better, above it else. */
    public boolean misses(double value, double limit) {
        return Double.isNaN(value) || (higherIsBetter() ? value < limit : value > limit);
    }

    /** The naive baseline's counterpart of this metric, when the ledger keeps one. */
    public Optional<Metric> baseline() {
        return find("baseline_" + key);
    }

    @Override
    public String toString() {
        return key;
    }
}
