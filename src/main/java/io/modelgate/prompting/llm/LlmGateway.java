package io.modelgate.prompting.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.errors.UpstreamFailedException;
import io.modelgate.errors.UpstreamTimeoutException;
import io.quarkiverse.langchain4j.openai.common.OpenAiRestApi;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Every configured LLM behind one door: bounded concurrency per LLM, retries with exponential backoff
 * and jitter on 429, 5xx, timeouts and broken connections (honouring {@code Retry-After}), a timeout
 * per attempt, a deadline for the whole call, a bounded wait for a slot, an optional fallback LLM, an optional on-disk answer cache, and metrics. API keys never
 * leave it: every message it lets out has them blanked.
 */
@ApplicationScoped
public class LlmGateway {

    public static final String DEFAULT = "default";
    private static final Logger LOG = Logger.getLogger(LlmGateway.class);

    private final Map<String, Llm> llms = new TreeMap<>();
    private final Map<String, LlmInfo> infos = new TreeMap<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private final LlmMetrics metrics;
    private final Optional<ResponseCache> cache;

    public LlmGateway(DefaultLlmConfig defaultLlm, NamedLlmsConfig named, LlmCacheConfig cacheConfig, LlmMetrics metrics) {
        this.metrics = metrics;
        ObjectMapper json = OpenAiRestApi.ObjectMapperHolder.MAPPER;
        this.cache = cacheConfig.enabled() ? Optional.of(new ResponseCache(cacheConfig.dir(), json)) : Optional.empty();
        add(DEFAULT, defaultLlm, "set MODELGATE_LLM_BASE_URL and MODELGATE_LLM_MODEL");
        named.llms().forEach((name, settings) -> {
            if (DEFAULT.equals(name)) {
                LOG.errorf("modelgate.llms.default.* is ignored: the LLM named default is configured by modelgate.llm.*"
                        + " (MODELGATE_LLM_BASE_URL, MODELGATE_LLM_MODEL, MODELGATE_LLM_API_KEY)");
                return;
            }
            add(name, settings, "set modelgate.llms." + name + ".base-url and .model");
        });
        llms.values().forEach(llm -> llm.settings().fallback().ifPresent(fallback -> {
            if (!llms.containsKey(fallback)) {
                LOG.warnf("LLM %s names the fallback %s, which is not a configured LLM; it has no fallback", llm.name(), fallback);
            }
        }));
    }

    private void add(String name, LlmSettings settings, String howToConfigure) {
        settings.apiKey().filter(key -> !key.isBlank()).ifPresent(secrets::add);
        boolean configured = settings.baseUrl().isPresent() && settings.model().isPresent();
        String problem = configured ? null : "not configured: " + howToConfigure;
        if (configured && (settings.maxConcurrency() < 1 || settings.maxRetries() < 0)) {
            problem = "not usable: max-concurrency must be 1 or more and max-retries 0 or more";
            configured = false;
        }
        if (configured) {
            Llm llm = new Llm(name, settings);
            llms.put(name, llm);
            metrics.concurrencyLimit(name, llm.model(), llm::concurrencyLimit);
        }
        infos.put(name, new LlmInfo(name, settings.baseUrl().orElse(null), settings.model().orElse(null),
                settings.apiKey().isPresent(), configured, settings.timeout().toMillis(), settings.maxConcurrency(),
                settings.maxRetries(), settings.fallback().orElse(null),
                settings.inputPricePerMillion().isPresent() ? settings.inputPricePerMillion().getAsDouble() : null,
                settings.outputPricePerMillion().isPresent() ? settings.outputPricePerMillion().getAsDouble() : null, problem));
    }

    /** Every LLM named in the configuration, configured or not, without secrets. */
    public List<LlmInfo> list() {
        return List.copyOf(infos.values());
    }

    /** The names of the LLMs that can be used. */
    public Set<String> names() {
        return llms.keySet();
    }

    public LlmSettings settings(String name) {
        return llm(name).settings();
    }

    public String model(String name) {
        return llm(name).model();
    }

    /** How many requests the LLM gets at once now: its max-concurrency, or less after rate limits. */
    public int concurrencyLimit(String name) {
        return llm(name).concurrencyLimit();
    }

    /** Sends a chat request to the named LLM (its model unless the request names one); see the class comment. */
    public LlmAnswer chat(String name, ChatCompletionRequest request) {
        Llm first = llm(name);
        long started = System.nanoTime();
        Optional<String> key = cache.map(c -> c.key(first.name(), first.model(), withModel(request, first)));
        if (key.isPresent()) {
            Optional<ChatCompletionResponse> cached = cache.get().get(key.get());
            if (cached.isPresent()) {
                metrics.attempt(first.name(), first.model(), "cache_hit", Duration.ofNanos(System.nanoTime() - started));
                return new LlmAnswer(cached.get(), first.name(), first.model(), 0, true, Duration.ofNanos(System.nanoTime() - started));
            }
        }
        int[] retries = {0};
        long[] queued = {0};
        long deadline = started + first.settings().deadline().toNanos();
        Llm current = first;
        Set<String> tried = new LinkedHashSet<>();
        while (true) {
            tried.add(current.name());
            try {
                ChatCompletionResponse response = withRetries(current, withModel(request, current), retries, queued, deadline);
                // Latency leaves out the wait for a concurrency slot: that is this gateway's queue, not the LLM.
                LlmAnswer answer = new LlmAnswer(response, current.name(), current.model(), retries[0], false,
                        Duration.ofNanos(System.nanoTime() - started - queued[0]));
                metrics.tokens(current.name(), current.model(), answer.inputTokens(), answer.outputTokens());
                if (current == first) {
                    // A fallback's answer is not cached under the first LLM's key: a hit must say who answered.
                    key.ifPresent(k -> cache.get().put(k, response));
                }
                return answer;
            } catch (LlmAttemptException e) {
                Optional<Llm> fallback = current.settings().fallback().filter(f -> !tried.contains(f)).map(llms::get);
                // An aborted call (a cancelled run) or a spent deadline leaves nothing for a fallback to do.
                boolean over = Thread.currentThread().isInterrupted() || System.nanoTime() >= deadline;
                if (fallback.isPresent() && !over) {
                    LOG.warnf("LLM %s failed (%s); asking its fallback %s", current.name(), redact(e.getMessage()),
                            fallback.get().name());
                    current = fallback.get();
                    continue;
                }
                throw failure(tried, e, retries[0]);
            }
        }
    }

    /**
     * Streams the named LLM's answer chunk by chunk. Failures before the first chunk are retried like
     * {@link #chat}; once chunks flow, a failure ends the stream with an exception.
     */
    public void stream(String name, ChatCompletionRequest request, Consumer<ChatCompletionResponse> chunks) {
        Llm llm = llm(name);
        ChatCompletionRequest withModel = withModel(request, llm);
        long deadline = System.nanoTime() + llm.settings().deadline().toNanos();
        int retries = 0;
        while (true) {
            long started = System.nanoTime();
            AtomicBoolean flowing = new AtomicBoolean();
            CompletableFuture<Void> streamed = llm.stream(withModel, chunk -> {
                flowing.set(true);
                chunks.accept(chunk);
            }, deadline);
            try {
                streamed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                metrics.attempt(llm.name(), llm.model(), "success", Duration.ofNanos(System.nanoTime() - started));
                return;
            } catch (InterruptedException e) {
                streamed.cancel(true);
                Thread.currentThread().interrupt();
                throw new UpstreamFailedException("the stream from LLM '" + name + "' was interrupted", 0);
            } catch (TimeoutException e) {
                streamed.cancel(true);
                metrics.attempt(llm.name(), llm.model(), LlmAttemptException.Kind.TIMEOUT.label(),
                        Duration.ofNanos(System.nanoTime() - started));
                throw new UpstreamTimeoutException("LLM '" + name + "' timed out: the stream did not end within its deadline of "
                        + llm.settings().deadline().toMillis() + " ms (deadline)");
            } catch (ExecutionException e) {
                LlmAttemptException attempt = Llm.classify(e.getCause());
                metrics.attempt(llm.name(), llm.model(), attempt.kind().label(), Duration.ofNanos(System.nanoTime() - started));
                if (flowing.get() || !attempt.kind().retriable || retries >= llm.settings().maxRetries()
                        || !waitBeforeRetry(llm, attempt, retries, deadline)) {
                    throw failure(Set.of(llm.name()), attempt, retries);
                }
                retries++;
            }
        }
    }

    /** The text with every configured API key blanked out. */
    public String redact(String text) {
        return text == null ? "" : Secrets.of(secrets).redact(text);
    }

    private ChatCompletionResponse withRetries(Llm llm, ChatCompletionRequest request, int[] retries, long[] queued,
                                               long deadline) throws LlmAttemptException {
        for (int attempt = 0; ; attempt++) {
            long started = System.nanoTime();
            long queuedBefore = queued[0];
            try {
                ChatCompletionResponse response = llm.attempt(request, queued, deadline);
                metrics.attempt(llm.name(), llm.model(), "success",
                        Duration.ofNanos(System.nanoTime() - started - (queued[0] - queuedBefore)));
                return response;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmAttemptException(LlmAttemptException.Kind.CONNECTION_ERROR, 0, null, "interrupted");
            } catch (LlmAttemptException e) {
                metrics.attempt(llm.name(), llm.model(), e.kind().label(),
                        Duration.ofNanos(System.nanoTime() - started - (queued[0] - queuedBefore)));
                if (!e.kind().retriable || attempt >= llm.settings().maxRetries() || !waitBeforeRetry(llm, e, attempt, deadline)) {
                    throw e;
                }
                retries[0]++;
            }
        }
    }

    /**
     * Sleeps before retry number {@code attempt + 1}; false when the LLM asks for a longer wait than allowed, or
     * the wait would leave the call no time before its deadline.
     */
    private boolean waitBeforeRetry(Llm llm, LlmAttemptException failure, int attempt, long deadline) {
        LlmSettings settings = llm.settings();
        Duration wait;
        if (failure.retryAfter().isPresent()) {
            wait = failure.retryAfter().get();
            if (wait.compareTo(settings.maxBackoff()) > 0) {
                LOG.warnf("LLM %s asks to retry after %d ms, more than max-backoff %d ms: giving up", llm.name(),
                        wait.toMillis(), settings.maxBackoff().toMillis());
                return false;
            }
        } else {
            double exponential = settings.initialBackoff().toMillis() * Math.pow(2, attempt);
            double capped = Math.min(exponential, settings.maxBackoff().toMillis());
            wait = Duration.ofMillis((long) (capped * ThreadLocalRandom.current().nextDouble(0.5, 1.0)));
        }
        if (System.nanoTime() + wait.toNanos() >= deadline) {
            LOG.debugf("LLM %s: %s; no retry, its deadline of %d ms comes first", llm.name(), redact(failure.getMessage()),
                    llm.settings().deadline().toMillis());
            return false;
        }
        metrics.retry(llm.name(), llm.model());
        LOG.debugf("LLM %s: %s; retrying in %d ms", llm.name(), redact(failure.getMessage()), wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ApiException failure(Set<String> tried, LlmAttemptException e, int retries) {
        String who = "LLM " + String.join(" then fallback ", new ArrayList<>(tried).stream().map(n -> "'" + n + "'").toList());
        String after = retries == 0 ? "" : " after " + retries + (retries == 1 ? " retry" : " retries");
        if (e.kind() == LlmAttemptException.Kind.BUSY) {
            return new NotReadyException(redact(who + " is busy" + after + ": " + e.getMessage()));
        }
        String message = redact(who + (e.kind() == LlmAttemptException.Kind.TIMEOUT ? " timed out" : " failed")
                + after + ": " + e.getMessage());
        return e.kind() == LlmAttemptException.Kind.TIMEOUT
                ? new UpstreamTimeoutException(message)
                : new UpstreamFailedException(message, e.status());
    }

    private Llm llm(String name) {
        Llm llm = llms.get(name);
        if (llm == null) {
            LlmInfo info = infos.get(name);
            throw new NotFoundException(info != null
                    ? "LLM '" + name + "' is " + info.problem()
                    : "unknown LLM '" + name + "'; configured: " + llms.keySet() + " (GET /api/llms lists them)");
        }
        return llm;
    }

    private static ChatCompletionRequest withModel(ChatCompletionRequest request, Llm llm) {
        return ChatCompletionRequest.builder().from(request).model(llm.model()).build();
    }
}
