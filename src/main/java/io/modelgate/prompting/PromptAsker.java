package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionChoice;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.LogProb;
import io.modelgate.errors.UpstreamFailedException;
import io.modelgate.prompting.llm.LlmAnswer;
import io.modelgate.prompting.llm.LlmGateway;
import io.modelgate.prompting.llm.LlmSettings;
import io.modelgate.tasks.Task;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks an LLM a prompt for one task instance and reads its answer as the task's output, in the prompt's
 * answer mode ({@link AnswerMode}).
 */
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
     * Asks the LLM (retries, fallback and cache as configured) and reads the answer.
     *
     * @throws io.modelgate.errors.ApiException when the LLM cannot answer, refuses the prompt's response format, or
     *                                          gives no log-probabilities in mode {@code logprobs}: failures of the
     *                                          LLM, never answers that count against the prompt
     */
    public PromptAnswer ask(Prompt prompt, String llm, RenderedPrompt rendered) {
        return switch (prompt.config().mode()) {
            case TEXT, JSON_SCHEMA -> single(prompt, llm, rendered);
            case LOGPROBS -> logprobs(prompt, llm, rendered);
            case SELF_CONSISTENCY -> selfConsistency(prompt, llm, rendered);
        };
    }

    private PromptAnswer single(Prompt prompt, String llm, RenderedPrompt rendered) {
        LlmAnswer answer = chat(prompt, llm, rendered.request());
        String raw = answer.content();
        Reading reading = read(prompt, raw);
        return new PromptAnswer(reading.label(), reading.value(), null, prompt.config().mode(), raw, List.of(answer),
                rendered.sha256(), cost(List.of(answer)), null, null, 1);
    }

    private PromptAnswer logprobs(Prompt prompt, String llm, RenderedPrompt rendered) {
        LlmAnswer answer = chat(prompt, llm, rendered.request());
        List<ChatCompletionChoice> choices = answer.response().choices();
        ChatCompletionChoice choice = choices == null || choices.isEmpty() ? null : choices.get(0);
        List<LogProb> tokens = choice == null || choice.logprobs() == null ? null : choice.logprobs().content();
        if (tokens == null || tokens.isEmpty() || tokens.get(0).topLogprobs() == null
                || tokens.get(0).topLogprobs().isEmpty()) {
            throw new UpstreamFailedException("LLM '" + answer.llm() + "' (" + answer.model() + ") gave no top"
                    + " log-probabilities for prompt '" + prompt.name() + "', whose mode logprobs needs them: use an"
                    + " LLM server that returns logprobs, or another mode", 0);
        }
        List<LabelProbabilities.Candidate> candidates = new ArrayList<>();
        for (LogProb candidate : tokens.get(0).topLogprobs()) {
            if (candidate.token() != null && candidate.logprob() != null) {
                candidates.add(new LabelProbabilities.Candidate(candidate.token(), candidate.logprob()));
            }
        }
        LabelProbabilities.Result result = LabelProbabilities.of(prompt.task().labels(), candidates);
        return new PromptAnswer(result.best(), null, result.scores().isEmpty() ? null : result.scores(),
                AnswerMode.LOGPROBS, answer.content(), List.of(answer), rendered.sha256(), cost(List.of(answer)), null,
                result.noLabelMass(), 1);
    }

    private PromptAnswer selfConsistency(Prompt prompt, String llm, RenderedPrompt rendered) {
        int wanted = prompt.config().samples();
        List<LlmAnswer> calls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        // A server that ignores n (Ollama, llama.cpp) answers once: ask again for the rest, at most wanted times.
        while (texts.size() < wanted && calls.size() < wanted) {
            int missing = wanted - texts.size();
            ChatCompletionRequest request = ChatCompletionRequest.builder().from(rendered.request()).n(missing).build();
            LlmAnswer answer = chat(prompt, llm, request);
            calls.add(answer);
            List<ChatCompletionChoice> choices = answer.response().choices();
            if (choices != null) {
                choices.stream().limit(missing).forEach(c -> texts.add(c.message() == null ? null : c.message().content()));
            }
        }
        List<Reading> readings = texts.stream().map(text -> read(prompt, text)).toList();
        Votes votes = prompt.task().type() == Task.Type.CLASSIFICATION
                ? Votes.ofLabels(prompt.task().labels(), readings.stream().map(Reading::label).toList())
                : Votes.ofValues(readings.stream().map(Reading::value).toList(), prompt.task().targetRange());
        String raw = String.join(" | ", texts.stream().map(t -> t == null ? "" : t).toList());
        return new PromptAnswer(votes.label(), votes.value(), votes.shares(), AnswerMode.SELF_CONSISTENCY, raw, calls,
                rendered.sha256(), cost(calls), votes.agreement(), null, texts.size());
    }

    private LlmAnswer chat(Prompt prompt, String llm, ChatCompletionRequest request) {
        try {
            return llms.chat(llm, request);
        } catch (UpstreamFailedException e) {
            if (prompt.config().mode() == AnswerMode.JSON_SCHEMA && (e.upstreamStatus() == 400 || e.upstreamStatus() == 422)) {
                throw new UpstreamFailedException("LLM '" + llm + "' refused the json_schema response format of prompt '"
                        + prompt.name() + "' (use an LLM server that supports response_format json_schema, or mode text): "
                        + e.getMessage(), e.upstreamStatus());
            }
            throw e;
        }
    }

    /** One answer's text read as the task's output: a label, a value, or neither (invalid). */
    record Reading(String label, Double value) {
    }

    private static Reading read(Prompt prompt, String raw) {
        Task task = prompt.task();
        boolean json = prompt.config().output().json() || prompt.config().mode() == AnswerMode.JSON_SCHEMA;
        String field = AnswerSchema.field(prompt);
        if (task.type() == Task.Type.CLASSIFICATION) {
            Optional<String> label = json ? AnswerParser.jsonLabel(raw, field, task.labels())
                    : AnswerParser.label(raw, task.labels());
            return new Reading(label.orElse(null), null);
        }
        double min = task.targetRange().isEmpty() ? Double.NEGATIVE_INFINITY : task.targetRange().get(0);
        double max = task.targetRange().isEmpty() ? Double.POSITIVE_INFINITY : task.targetRange().get(1);
        Optional<Double> value = json ? AnswerParser.jsonNumber(raw, field, min, max) : AnswerParser.number(raw, min, max);
        return new Reading(null, value.orElse(null));
    }

    private Double cost(List<LlmAnswer> answers) {
        double total = 0;
        for (LlmAnswer answer : answers) {
            if (answer.cacheHit()) {
                continue;
            }
            LlmSettings settings = llms.settings(answer.llm());
            if (settings.inputPricePerMillion().isEmpty() || settings.outputPricePerMillion().isEmpty()) {
                return null;
            }
            total += (answer.inputTokens() * settings.inputPricePerMillion().getAsDouble()
                    + answer.outputTokens() * settings.outputPricePerMillion().getAsDouble()) / 1_000_000;
        }
        return total;
    }
}
