package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.prompting.llm.LlmAnswer;
import io.modelgate.prompting.llm.LlmGateway;
import io.modelgate.prompting.llm.LlmSettings;
import io.modelgate.tasks.Task;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Asks an LLM a prompt for one task instance and reads its answer as the task's output. */
@ApplicationScoped
public class PromptAsker {

    private final LlmGateway llms;

    public PromptAsker(LlmGateway llms) {
        this.llms = llms;
    }

    /**
     * The chat request for one instance. Render every instance of a request before asking about any, so that
     * an instance that cannot be rendered costs no LLM call.
     *
     * @throws io.modelgate.errors.InvalidInputException when the instance cannot be rendered
     */
    public RenderedPrompt render(Prompt prompt, JsonNode instance) {
        return PromptRenderer.render(prompt, instance);
    }

    /**
     * Asks the LLM (retries, fallback and cache as configured) and parses the answer.
     *
     * @throws io.modelgate.errors.ApiException when the LLM cannot answer
     */
    public PromptAnswer ask(Prompt prompt, String llm, RenderedPrompt rendered) {
        LlmAnswer answer = llms.chat(llm, rendered.request());
        String raw = answer.content();
        Task task = prompt.task();
        PromptConfig.Output output = prompt.config().output();
        if (task.type() == Task.Type.CLASSIFICATION) {
            Optional<String> label = output.json()
                    ? AnswerParser.jsonLabel(raw, output.field() == null ? "label" : output.field(), task.labels())
                    : AnswerParser.label(raw, task.labels());
            return new PromptAnswer(label.orElse(null), null, answer, rendered.sha256(), cost(answer));
        }
        double min = task.targetRange().isEmpty() ? Double.NEGATIVE_INFINITY : task.targetRange().get(0);
        double max = task.targetRange().isEmpty() ? Double.POSITIVE_INFINITY : task.targetRange().get(1);
        Optional<Double> value = output.json()
                ? AnswerParser.jsonNumber(raw, output.field() == null ? "value" : output.field(), min, max)
                : AnswerParser.number(raw, min, max);
        return new PromptAnswer(null, value.orElse(null), answer, rendered.sha256(), cost(answer));
    }

    private Double cost(LlmAnswer answer) {
        if (answer.cacheHit()) {
            return 0.0;
        }
        LlmSettings settings = llms.settings(answer.llm());
        if (settings.inputPricePerMillion().isEmpty() || settings.outputPricePerMillion().isEmpty()) {
            return null;
        }
        return (answer.inputTokens() * settings.inputPricePerMillion().getAsDouble()
                + answer.outputTokens() * settings.outputPricePerMillion().getAsDouble()) / 1_000_000;
    }
}
