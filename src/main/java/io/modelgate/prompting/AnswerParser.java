package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an LLM's free-text answer as a task answer. It never guesses: an answer that names no label
 * or several, or holds no number or several, is invalid, and the raw text is kept by the caller.
 */
public final class AnswerParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    // A decimal comma takes one or two digits ("7,5"); "4,200" could be 4.2 or 4200, so such an answer is invalid.
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w.,])[-+]?(?:\\d+,\\d{1,2}(?![\\d,])|\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?(?![\\w])");
    private static final Pattern THOUSANDS = Pattern.compile("\\d,\\d{3}(?!\\d)");
    private static final Pattern FENCE = Pattern.compile("^```[a-zA-Z]*\\s*|\\s*```$");

    private AnswerParser() {
    }

    /** The one label an answer names, matched as whole words regardless of case, accents, punctuation and markdown. */
    public static Optional<String> label(String answer, List<String> labels) {
        if (answer == null) {
            return Optional.empty();
        }
        String text = " " + normalise(answer) + " ";
        Set<String> found = new LinkedHashSet<>();
        // Longer labels first, each taken out of the text once found, so "wild cat" is not also a "cat".
        List<String> longestFirst = labels.stream()
                .sorted((a, b) -> Integer.compare(normalise(b).length(), normalise(a).length())).toList();
        for (String label : longestFirst) {
            String wanted = " " + normalise(label) + " ";
            if (wanted.isBlank()) {
                continue;
            }
            if (text.contains(wanted)) {
                found.add(label);
                text = text.replace(wanted, " | ");
            }
        }
        return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
    }

    /**
     * The label of a JSON-mode answer: the string under {@code field} of a JSON object (code fences
     * allowed), itself read as {@link #label}. Anything else is invalid.
     */
    public static Optional<String> jsonLabel(String answer, String field, List<String> labels) {
        return jsonField(answer, field).filter(JsonNode::isTextual).flatMap(value -> label(value.textValue(), labels));
    }

    /** The one number in an answer, if it lies within {@code [min, max]}. */
    public static Optional<Double> number(String answer, double min, double max) {
        if (answer == null) {
            return Optional.empty();
        }
        if (THOUSANDS.matcher(answer).find()) {
            return Optional.empty();
        }
        Matcher matcher = NUMBER.matcher(answer);
        Set<Double> numbers = new LinkedHashSet<>();
        while (matcher.find()) {
            numbers.add(Double.parseDouble(matcher.group().replace(',', '.')));
        }
        if (numbers.size() != 1) {
            return Optional.empty();
        }
        double value = numbers.iterator().next() + 0.0; // -0.0 reads as 0
        return value >= min && value <= max ? Optional.of(value) : Optional.empty();
    }

    /** The number under {@code field} of a JSON-mode answer, if it lies within {@code [min, max]}. */
    public static Optional<Double> jsonNumber(String answer, String field, double min, double max) {
        return jsonField(answer, field)
                .flatMap(value -> value.isNumber() ? Optional.of(value.doubleValue())
                        : value.isTextual() ? number(value.textValue(), min, max) : Optional.empty())
                .filter(value -> value >= min && value <= max);
    }

    private static Optional<JsonNode> jsonField(String answer, String field) {
        if (answer == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(FENCE.matcher(answer.strip()).replaceAll(""));
            return node != null && node.isObject() && node.has(field) ? Optional.of(node.get(field)) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Lower case, accents dropped, every run of non-letters and non-digits a single space. */
    static String normalise(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }
}
