package io.modelgate.prompting.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** LLM metrics in Prometheus as {@code modelgate_llm_*}, by LLM, model and outcome; never an API key. */
@ApplicationScoped
public class LlmMetrics {

    private final MeterRegistry registry;

    public LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One attempt (or cache hit) and how it ended: success, cache_hit, rate_limited, server_error, timeout … */
    void attempt(String llm, String model, String outcome, Duration latency) {
        Counter.builder("modelgate.llm.requests").description("LLM requests by outcome; each retry counts")
                .tags("llm", llm, "model", model, "outcome", outcome).register(registry).increment();
        Timer.builder("modelgate.llm.request").description("Time of one LLM request attempt")
                .tags("llm", llm, "model", model, "outcome", outcome).publishPercentileHistogram().register(registry)
                .record(latency);
    }

    /** How many requests the LLM gets at once now, which rate limits lower and successes raise again. */
    void concurrencyLimit(String llm, String model, java.util.function.IntSupplier limit) {
        // A gauge of this id left by an earlier application in this JVM (tests restart Quarkus; Micrometer's global
        // registry keeps its meters) would go on reading that application's limit: replace it.
        io.micrometer.core.instrument.Gauge stale = registry.find("modelgate.llm.concurrency.limit").tags("llm", llm, "model", model)
                .gauge();
        if (stale != null) {
            registry.remove(stale);
        }
        io.micrometer.core.instrument.Gauge.builder("modelgate.llm.concurrency.limit", limit::getAsInt)
                .description("Requests the LLM gets at once: its max-concurrency, halved on each 429, raised by one"
                        + " after as many successes as the limit").tags("llm", llm, "model", model).register(registry);
    }

    void retry(String llm, String model) {
        Counter.builder("modelgate.llm.retries").description("Retries after a 429, 5xx, timeout or broken connection")
                .tags("llm", llm, "model", model).register(registry).increment();
    }

    void tokens(String llm, String model, int input, int output) {
        Counter.builder("modelgate.llm.tokens").description("Tokens sent to and received from LLMs")
                .tags("llm", llm, "model", model, "direction", "input").register(registry).increment(input);
        Counter.builder("modelgate.llm.tokens").description("Tokens sent to and received from LLMs")
                .tags("llm", llm, "model", model, "direction", "output").register(registry).increment(output);
    }
}
