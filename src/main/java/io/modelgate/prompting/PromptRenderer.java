package io.modelgate.prompting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.langchain4j.model.openai.internal.chat.AssistantMessage;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.Message;
import dev.langchain4j.model.openai.internal.chat.ResponseFormat;
import dev.langchain4j.model.openai.internal.chat.ResponseFormatType;
import dev.langchain4j.model.openai.internal.chat.SystemMessage;
import dev.langchain4j.model.openai.internal.chat.UserMessage;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumJson;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskInput;
import io.quarkus.qute.TemplateException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Renders a prompt for one task instance into the chat request sent to an LLM. */
final class PromptRenderer {

    /** Writes the hashed messages and JSON few-shot answers; the same bytes for the same prompt, always. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PromptRenderer() {
    }

    static RenderedPrompt render(Prompt prompt, JsonNode instance) {
        List<Message> messages = new ArrayList<>();
        String system = render(prompt, prompt.system(), instance);
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        for (Example example : prompt.fewShot().forInstance(instance)) {
            messages.add(user(prompt, example.instance()));
            messages.add(AssistantMessage.from(answer(prompt, example)));
        }
        messages.add(user(prompt, instance));
        PromptConfig.Parameters parameters = prompt.config().parameters();
        ChatCompletionRequest.Builder request = ChatCompletionRequest.builder()
                .messages(messages)
                .temperature(parameters.temperature())
                .maxTokens(parameters.maxTokens())
                .seed(parameters.seed());
        if (prompt.config().output().json()) {
            request.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON_OBJECT).build());
        }
        switch (prompt.config().mode()) {
            case JSON_SCHEMA -> request.responseFormat(AnswerSchema.responseFormat(prompt));
            case LOGPROBS -> request.logprobs(true).topLogprobs(prompt.config().topLogprobs() == null
                    ? PromptRepository.defaultTopLogprobs(prompt.task()) : prompt.config().topLogprobs());
            case SELF_CONSISTENCY -> request.n(prompt.config().samples());
            case TEXT -> {
                // Free text: nothing to add.
            }
        }
        return new RenderedPrompt(request.build(), sha256(messages));
    }

    private static UserMessage user(Prompt prompt, JsonNode instance) {
        String text = render(prompt, prompt.user(), instance);
        String imageField = prompt.config().imageField();
        if (imageField == null) {
            return UserMessage.from(text);
        }
        JsonNode image = instance.get(imageField);
        if (image == null || !image.isTextual() || image.textValue().isBlank()) {
            throw new InvalidInputException("prompt '" + prompt.name() + "' sends field '" + imageField
                    + "' as an image; expected a base64 PNG or JPEG, or a data URL");
        }
        return UserMessage.builder().addText(text).addImageUrl(dataUrl(image.textValue())).build();
    }

    private static String render(Prompt prompt, io.quarkus.qute.Template template, JsonNode instance) {
        Map<String, Object> data = new HashMap<>();
        Task task = prompt.task();
        for (TaskInput input : task.inputs()) {
            JsonNode value = instance.get(input.name());
            data.put(input.name(), value == null || value.isNull() ? null
                    : input.type() == TaskInput.Type.SPECTRUM ? spectrum(value) : plain(value));
        }
        data.put("labels", task.labels());
        data.put("label_list", String.join(", ", task.labels()));
        try {
            return template.data(data).render().strip();
        } catch (TemplateException e) {
            throw new InvalidInputException("prompt '" + prompt.name() + "' cannot be rendered for this instance: "
                    + e.getMessage());
        }
    }

    /** The most intense peaks a prompt shows of a spectrum. */
    static final int PROMPT_PEAKS = 20;

    /**
     * A spectrum field as templates see it: {@code {field.precursor_mz}}, {@code {field.ionmode}},
     * {@code {field.peak_count}} and {@code {field.peaks}}, the {@value #PROMPT_PEAKS} most intense peaks in m/z
     * order as {@code "m/z (intensity % of the highest)"}, e.g. {@code 105.0700 (100), 77.0400 (45)}.
     */
    private static Map<String, Object> spectrum(JsonNode value) {
        Spectrum spectrum = SpectrumJson.read(value, "spectrum", Integer.MAX_VALUE);
        double highest = java.util.Arrays.stream(spectrum.intensities()).max().orElse(1);
        List<Integer> strongest = java.util.stream.IntStream.range(0, spectrum.peakCount()).boxed()
                .sorted(java.util.Comparator.comparingDouble((Integer i) -> -spectrum.intensities()[i]))
                .limit(PROMPT_PEAKS).sorted().toList();
        String peaks = strongest.stream().map(i -> String.format(java.util.Locale.ROOT, "%.4f (%.0f)",
                spectrum.mz()[i], highest == 0 ? 0 : 100 * spectrum.intensities()[i] / highest))
                .collect(java.util.stream.Collectors.joining(", "));
        Map<String, Object> shown = new HashMap<>();
        shown.put("precursor_mz", spectrum.precursorMz() == null ? "unknown"
                : java.math.BigDecimal.valueOf(spectrum.precursorMz()).stripTrailingZeros().toPlainString());
        shown.put("ionmode", spectrum.ionmode() == null ? "unknown" : spectrum.ionmode());
        shown.put("peak_count", spectrum.peakCount());
        shown.put("peaks", peaks);
        return shown;
    }

    /** Numbers as people write them: 195, not 195.0; 0.0001, not 1.0E-4. */
    private static Object plain(JsonNode value) {
        if (value.isNumber()) {
            return java.math.BigDecimal.valueOf(value.doubleValue()).stripTrailingZeros().toPlainString();
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static String answer(Prompt prompt, Example example) {
        String field = prompt.config().output().field();
        boolean classification = prompt.task().type() == Task.Type.CLASSIFICATION;
        if (!prompt.config().output().json() && prompt.config().mode() != AnswerMode.JSON_SCHEMA) {
            return String.valueOf(plain(example.target()));
        }
        Object target = example.target().isNumber() ? example.target().numberValue() : plain(example.target());
        String key = field != null ? field : classification ? "label" : "value";
        try {
            return JSON.writeValueAsString(Map.of(key, target));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String dataUrl(String image) {
        if (image.startsWith("data:")) {
            return image;
        }
        String mime = image.startsWith("iVBOR") ? "image/png"
                : image.startsWith("R0lGOD") ? "image/gif"
                : image.startsWith("UklGR") ? "image/webp"
                : "image/jpeg";
        return "data:" + mime + ";base64," + image;
    }

    private static String sha256(List<Message> messages) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(JSON.writeValueAsString(messages).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash the prompt", e);
        }
    }
}
