package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskInput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worked examples a prompt shows before its question: a fixed list (named by id, or a balanced draw made
 * once), or per instance the k examples nearest to it in the task's numeric fields. The pool never holds an
 * example of a test set: {@link PromptRepository} takes it out before it gets here.
 */
public final class FewShotExamples {

    private final List<Example> fixed;
    private final List<Example> pool;
    private final List<String> numericFields;
    private final double[] means;
    private final double[] scales;
    private final int k;

    private FewShotExamples(List<Example> fixed, List<Example> pool, List<String> numericFields, double[] means,
                            double[] scales, int k) {
        this.fixed = fixed;
        this.pool = pool;
        this.numericFields = numericFields;
        this.means = means;
        this.scales = scales;
        this.k = k;
    }

    public static FewShotExamples none() {
        return fixed(List.of());
    }

    public static FewShotExamples fixed(List<Example> examples) {
        return new FewShotExamples(List.copyOf(examples), List.of(), List.of(), new double[0], new double[0], 0);
    }

    /**
     * k examples spread over the labels in turn (label order, then id order within a label), so that every label
     * is shown about equally often whatever the pool's class balance.
     */
    static FewShotExamples balanced(Task task, List<Example> pool, int k) {
        Map<String, List<Example>> byLabel = new LinkedHashMap<>();
        task.labels().forEach(label -> byLabel.put(label, new ArrayList<>()));
        pool.stream().sorted(Comparator.comparing(Example::id))
                .forEach(example -> byLabel.computeIfAbsent(example.target().asText(), l -> new ArrayList<>()).add(example));
        List<Example> chosen = new ArrayList<>();
        for (int round = 0; chosen.size() < k; round++) {
            boolean any = false;
            for (List<Example> examples : byLabel.values()) {
                if (round < examples.size() && chosen.size() < k) {
                    chosen.add(examples.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return fixed(chosen);
    }

    /**
     * Per instance, the k examples nearest to it by Euclidean distance over the task's number fields, each
     * standardised by the pool's mean and standard deviation (a field the instance lacks is left out of its
     * distance); ties go to the smaller id.
     */
    static FewShotExamples nearest(Task task, List<Example> pool, int k) {
        List<String> fields = task.inputs().stream().filter(i -> i.type() == TaskInput.Type.NUMBER)
                .map(TaskInput::name).toList();
        double[] means = new double[fields.size()];
        double[] scales = new double[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (Example example : pool) {
                JsonNode value = example.instance().get(fields.get(f));
                if (value != null && value.isNumber()) {
                    sum += value.doubleValue();
                    squares += value.doubleValue() * value.doubleValue();
                    n++;
                }
            }
            means[f] = n == 0 ? 0 : sum / n;
            double variance = n == 0 ? 0 : squares / n - means[f] * means[f];
            scales[f] = variance > 0 ? Math.sqrt(variance) : 1;
        }
        List<Example> sorted = pool.stream().sorted(Comparator.comparing(Example::id)).toList();
        return new FewShotExamples(List.of(), sorted, fields, means, scales, k);
    }

    /** Whether the examples depend on the instance (nearest), so a prompt's requests differ in their turns. */
    public boolean perInstance() {
        return k > 0;
    }

    /** The examples to show before the question about {@code instance}, in the order shown. */
    public List<Example> forInstance(JsonNode instance) {
        if (k == 0) {
            return fixed;
        }
        Comparator<Example> byDistance = Comparator.comparingDouble(example -> distance(instance, example.instance()));
        List<Example> nearest = new ArrayList<>(pool.stream().sorted(byDistance).limit(k).toList());
        // Nearest last: the closest worked example sits next to the question.
        java.util.Collections.reverse(nearest);
        return nearest;
    }

    private double distance(JsonNode instance, JsonNode example) {
        double sum = 0;
        for (int f = 0; f < numericFields.size(); f++) {
            JsonNode a = instance.get(numericFields.get(f));
            JsonNode b = example.get(numericFields.get(f));
            if (a != null && a.isNumber() && b != null && b.isNumber()) {
                double d = (a.doubleValue() - b.doubleValue()) / scales[f];
                sum += d * d;
            }
        }
        return sum;
    }

    /** The fixed examples (empty when they are chosen per instance). */
    public List<Example> fixedExamples() {
        return fixed;
    }

    public int size() {
        return k > 0 ? k : fixed.size();
    }
}
