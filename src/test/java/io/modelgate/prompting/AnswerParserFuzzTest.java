package io.modelgate.prompting;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.modelgate.ParserFuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever an LLM answers, the parsers return a label among the task's labels, a number within the task's range,
 * or nothing (an invalid answer): they never throw, since an answer is the LLM's text, not the server's fault.
 */
class AnswerParserFuzzTest {

    @ParserFuzz
    void anyAnswerIsALabelOrANumberInRangeOrInvalid(FuzzedDataProvider data) {
        List<String> labels = new ArrayList<>();
        int count = data.consumeInt(0, 5);
        for (int i = 0; i < count; i++) {
            labels.add(data.consumeString(20));
        }
        double min = data.consumeRegularDouble(-1e6, 1e6);
        double max = min + data.consumeRegularDouble(0, 1e6);
        String field = data.consumeString(10);
        List<LabelProbabilities.Candidate> candidates = new ArrayList<>();
        int candidateCount = data.consumeInt(0, 5);
        for (int i = 0; i < candidateCount; i++) {
            candidates.add(new LabelProbabilities.Candidate(data.consumeString(10), data.consumeDouble()));
        }
        String answer = data.consumeRemainingAsString();

        AnswerParser.label(answer, labels).ifPresent(label -> assertTrue(labels.contains(label), label));
        AnswerParser.jsonLabel(answer, field, labels).ifPresent(label -> assertTrue(labels.contains(label), label));
        inRange(AnswerParser.number(answer, min, max), min, max);
        inRange(AnswerParser.jsonNumber(answer, field, min, max), min, max);

        LabelProbabilities.Result result = LabelProbabilities.of(labels, candidates);
        assertTrue(result.noLabelMass() >= 0 && result.noLabelMass() <= 1, "no-label mass " + result.noLabelMass());
        if (!result.scores().isEmpty()) {
            assertEquals(1.0, result.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        }
    }

    private static void inRange(Optional<Double> number, double min, double max) {
        number.ifPresent(value -> assertTrue(value >= min && value <= max, value + " outside [" + min + ", " + max + "]"));
    }
}
