package io.modelgate.systems.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.errors.UpstreamTimeoutException;
import io.modelgate.prompting.Prompt;
import io.modelgate.prompting.PromptAnswer;
import io.modelgate.prompting.PromptAsker;
import io.modelgate.prompting.PromptRepository;
import io.modelgate.prompting.PromptsConfig;
import io.modelgate.prompting.RenderedPrompt;
import io.modelgate.prompting.llm.LlmAnswer;
import io.modelgate.prompting.llm.LlmGateway;
import io.modelgate.prompting.llm.LlmInfo;
import io.modelgate.systems.AnswerSink;
import io.modelgate.systems.Prediction;
import io.modelgate.systems.Predictions;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemKind;
import io.modelgate.systems.SystemSource;
import io.modelgate.systems.TaskSystem;
import io.modelgate.systems.Usage;
import io.modelgate.tasks.InstanceValidator;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every prompt bound to every configured LLM as a system named {@code <prompt>@<llm>}. A prompt that
 * cannot be used, or an LLM that is not configured, still shows as a system that is not ready, with why.
 */
@ApplicationScoped
public class PromptSystems implements SystemSource {

    private final PromptRepository prompts;
    private final LlmGateway llms;
    private final PromptAsker asker;
    private final InstanceValidator validator;
    private final int maxInstances;
    private final java.nio.file.Path promptsDir;
    // Benchmark runs ask an LLM at most its concurrency at a time, across all their batches, so that an example is
    // sent only when the LLM can take it: the run's deadline per example then counts from about then.
    /** How often a run's batch looks whether its run was cancelled while it waits. */
    private static final Duration STOP_POLL = Duration.ofMillis(100);
    private final java.util.Map<String, Semaphore> runSlots = new ConcurrentHashMap<>();
    // Instances of one request are asked in parallel; each LLM's own slots bound how many run at once.
    private final ExecutorService askers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "modelgate-prompt");
        thread.setDaemon(true);
        return thread;
    });

    public PromptSystems(PromptRepository prompts, LlmGateway llms, PromptAsker asker, InstanceValidator validator,
                         PromptsConfig config) {
        this.validator = validator;
        this.prompts = prompts;
        this.llms = llms;
        this.asker = asker;
        this.maxInstances = config.maxInstances();
        this.promptsDir = config.dir();
    }

    void onStop(@Observes ShutdownEvent event) {
        askers.shutdownNow();
    }

    @Override
    public List<TaskSystem> systems() {
        List<String> llmNames = llms.list().stream().map(LlmInfo::name).toList();
        List<TaskSystem> systems = new ArrayList<>();
        for (PromptRepository.LoadedPrompt prompt : prompts.all()) {
            for (String llm : llmNames) {
                systems.add(new PromptSystem(prompt, llm));
            }
        }
        return systems;
    }

    @Override
    public Optional<TaskSystem> find(String name) {
        int at = name.lastIndexOf('@');
        if (at <= 0 || at == name.length() - 1) {
            return Optional.empty();
        }
        String llm = name.substring(at + 1);
        if (llms.list().stream().noneMatch(info -> info.name().equals(llm))) {
            return Optional.empty();
        }
        return prompts.find(name.substring(0, at)).map(prompt -> new PromptSystem(prompt, llm));
    }

    private final class PromptSystem implements TaskSystem {

        private final PromptRepository.LoadedPrompt loaded;
        private final String llm;

        PromptSystem(PromptRepository.LoadedPrompt loaded, String llm) {
            this.loaded = loaded;
            this.llm = llm;
        }

        private String name() {
            return loaded.name() + "@" + llm;
        }

        private Optional<String> whyNotReady() {
            if (loaded.problem() != null) {
                return Optional.of(loaded.problem());
            }
            return llms.list().stream().filter(info -> info.name().equals(llm) && !info.configured())
                    .map(info -> "LLM '" + llm + "' is " + info.problem()).findFirst();
        }

        @Override
        public SystemInfo info() {
            Optional<Prompt> prompt = loaded.prompt();
            String version = prompt.map(p -> Integer.toString(p.config().version())).orElse(null);
            String description = prompt.map(p -> p.config().description()).orElse("")
                    + (llms.names().contains(llm) ? " (" + llms.model(llm) + ")" : "");
            return new SystemInfo(name(), SystemKind.PROMPT, prompt.map(p -> p.task().name()).orElse(null), version,
                    version == null ? List.of() : List.of(version), description.strip(), whyNotReady().isEmpty(),
                    whyNotReady().orElse(null), prompt.map(Prompt::sha256).orElse(null),
                    promptsDir.resolve(loaded.name() + ".yaml"));
        }

        @Override
        public Predictions predict(List<JsonNode> instances) {
            Optional<String> problem = whyNotReady();
            if (problem.isPresent()) {
                throw new NotReadyException("system '" + name() + "' is not ready: " + problem.get());
            }
            Prompt prompt = loaded.prompt().orElseThrow();
            if (instances.size() > maxInstances) {
                throw new InvalidInputException("at most " + maxInstances + " instances per request for system '" + name()
                        + "' (modelgate.prompts.max-instances), got " + instances.size());
            }
            for (int i = 0; i < instances.size(); i++) {
                validator.validate(prompt.task(), i, instances.get(i), List.of());
            }
            List<RenderedPrompt> rendered = instances.stream().map(i -> asker.render(prompt, i)).toList();
            List<CompletableFuture<Prediction>> answers = rendered.stream()
                    .map(r -> CompletableFuture.supplyAsync(() -> ask(prompt, r), askers))
                    .toList();
            List<Prediction> predictions = new ArrayList<>(answers.size());
            for (CompletableFuture<Prediction> answer : answers) {
                try {
                    predictions.add(answer.join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof ApiException api) {
                        throw api;
                    }
                    throw e;
                }
            }
            return new Predictions(Integer.toString(prompt.config().version()), predictions);
        }

        /**
         * Each instance on its own: one that does not fit the task's schema is reported failed with why, the
         * others are asked at most the LLM's concurrency at a time (over every run's batches together), so that an
         * instance is sent only when the LLM can take it: its deadline counts from then, and {@code sink.stopped()}
         * is asked before each one.
         */
        @Override
        public void answerEach(List<JsonNode> instances, Duration deadline, AnswerSink sink) {
            Optional<String> problem = whyNotReady();
            if (problem.isPresent()) {
                NotReadyException notReady = new NotReadyException("system '" + name() + "' is not ready: " + problem.get());
                for (int i = 0; i < instances.size(); i++) {
                    sink.failed(i, notReady);
                }
                return;
            }
            Prompt prompt = loaded.prompt().orElseThrow();
            // Runs leave interactive-slots of the LLM's slots to predicts and chat completions.
            Semaphore slots = runSlots.computeIfAbsent(llm, name -> new Semaphore(Math.max(1,
                    llms.settings(name).maxConcurrency() - llms.settings(name).interactiveSlots()), true));
            List<Future<?>> inFlight = new ArrayList<>();
            List<CompletableFuture<Void>> asked = new ArrayList<>();
            try {
                for (int i = 0; i < instances.size(); i++) {
                    int index = i;
                    RenderedPrompt rendered;
                    try {
                        validator.validate(prompt.task(), i, instances.get(i), List.of());
                        rendered = asker.render(prompt, instances.get(i));
                    } catch (ApiException e) {
                        sink.failed(index, e);
                        continue;
                    }
                    if (!takeRunSlot(slots, sink)) {
                        break;
                    }
                    CompletableFuture<Prediction> answer = new CompletableFuture<>();
                    Future<?> asking = askers.submit(() -> {
                        try {
                            answer.complete(ask(prompt, rendered));
                        } catch (RuntimeException e) {
                            answer.completeExceptionally(e);
                        }
                    });
                    asked.add(answer.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                            .handle((prediction, failure) -> {
                                try {
                                    if (failure == null) {
                                        sink.answered(index, prediction);
                                    } else if (sink.cancelled() && asking.isCancelled()) {
                                        // Aborted by the run's cancel: not asked, so not reported (a resume asks it).
                                    } else {
                                        // A call past its deadline is interrupted, so that it gives its LLM slot up.
                                        asking.cancel(true);
                                        sink.failed(index, reason(failure, deadline));
                                    }
                                } finally {
                                    slots.release();
                                }
                                return null;
                            }));
                    inFlight.add(asking);
                }
                awaitOrAbort(asked, inFlight, sink);
            } catch (InterruptedException e) {
                inFlight.forEach(asking -> asking.cancel(true));
                Thread.currentThread().interrupt();
            }
        }

        /** A run slot, waiting while the run goes on; false once the run is stopped (cancelled or at its cost limit). */
        private boolean takeRunSlot(Semaphore slots, AnswerSink sink) throws InterruptedException {
            while (!sink.stopped()) {
                if (slots.tryAcquire(STOP_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (!sink.stopped()) {
                        return true;
                    }
                    slots.release();
                }
            }
            return false;
        }

        /**
         * Waits for every instance asked; once the run is cancelled, the LLM calls still in flight are interrupted,
         * which aborts their HTTP requests, so a cancel ends a run within moments even when the LLM hangs.
         */
        private void awaitOrAbort(List<CompletableFuture<Void>> asked, List<Future<?>> inFlight, AnswerSink sink)
                throws InterruptedException {
            CompletableFuture<Void> all = CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new));
            while (true) {
                try {
                    all.get(STOP_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException stillAsking) {
                    if (sink.cancelled()) {
                        inFlight.forEach(asking -> asking.cancel(true));
                        // The aborted calls report (or not) within moments; a call never started is not waited for.
                        all.completeOnTimeout(null, STOP_POLL.toMillis() * 20, TimeUnit.MILLISECONDS)
                                .exceptionally(ignored -> null).join();
                        return;
                    }
                } catch (ExecutionException failedAnswerWasReported) {
                    return;
                }
            }
        }

        private RuntimeException reason(Throwable failure, Duration deadline) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                return new UpstreamTimeoutException("system '" + name() + "' gave no answer within the run's deadline of "
                        + deadline.toMillis() / 1000.0 + " s per example (modelgate.results.example-timeout)");
            }
            return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.getMessage(), cause);
        }

        private Prediction ask(Prompt prompt, RenderedPrompt rendered) {
            PromptAnswer answer = asker.ask(prompt, llm, rendered);
            LlmAnswer first = answer.first();
            Usage usage = new Usage(first.llm(), first.model(), answer.rawAnswer(), answer.inputTokens(),
                    answer.outputTokens(), answer.latency().toNanos() / 1e6, answer.cost(), answer.cacheHit(),
                    answer.retries(), answer.promptSha256(), answer.mode().label(), answer.agreement(),
                    answer.noLabelMass(), answer.samples() > 1 ? answer.samples() : null);
            return new Prediction(answer.label(), answer.scores(), answer.value(), answer.invalid() ? true : null, usage);
        }
    }
}
