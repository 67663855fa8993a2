package io.modelgate.prompting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The fake OpenAI server's tokenizer and log-probabilities: words split into pieces of at most three letters, as
 * real BPE tokenizers split rare words ({@code Gentoo} → {@code Gen}, {@code too}; a leading space belongs to the
 * next piece), so that label matching by first token is tested against labels that span several tokens.
 */
final class FakeTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeTokens() {
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            if (text.charAt(i) == ' ') {
                i++;
            }
            int letters = 0;
            while (i < text.length() && text.charAt(i) != ' ' && letters < 3) {
                i++;
                letters++;
            }
            tokens.add(text.substring(start, Math.max(i, start + 1)));
            i = Math.max(i, start + 1);
        }
        return tokens;
    }

    /**
     * OpenAI's {@code logprobs} object for a choice: every token of the text with log-probability 0 but the first,
     * whose probability and top candidates come from {@code firstCandidates} (the text's own first token at 0
     * when none are scripted), at most {@code top} of them, most probable first.
     */
    static ObjectNode logprobs(String text, Map<String, Double> firstCandidates, int top) {
        ObjectNode logprobs = JSON.createObjectNode();
        ArrayNode content = logprobs.putArray("content");
        List<String> tokens = tokens(text);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            List<Map.Entry<String, Double>> candidates = i == 0 && !firstCandidates.isEmpty()
                    ? firstCandidates.entrySet().stream()
                            .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).toList()
                    : List.of(Map.entry(token, 0.0));
            ObjectNode entry = content.addObject();
            entry.put("token", token);
            entry.put("logprob", candidates.stream().filter(c -> c.getKey().equals(token)).findFirst()
                    .map(Map.Entry::getValue).orElse(candidates.get(0).getValue()));
            entry.set("bytes", bytes(token));
            ArrayNode topNode = entry.putArray("top_logprobs");
            candidates.stream().limit(Math.max(0, top)).forEach(c -> topNode.addObject().put("token", c.getKey())
                    .put("logprob", c.getValue()).set("bytes", bytes(c.getKey())));
        }
        return logprobs;
    }

    private static ArrayNode bytes(String token) {
        ArrayNode bytes = JSON.createArrayNode();
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return bytes;
    }
}
