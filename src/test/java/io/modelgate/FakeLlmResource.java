package io.modelgate;

import io.modelgate.prompting.FakeOpenAiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A local OpenAI-compatible server for the tests, with the LLM {@code default} and a second LLM
 * {@code backup} (its fallback target) pointed at it. Retries and timeouts are short so tests are quick.
 */
public class FakeLlmResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sk-test-9f8e7d6c5b4a-secret";

    private static FakeOpenAiServer server;

    public static FakeOpenAiServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = FakeOpenAiServer.start();
        return Map.ofEntries(
                Map.entry("modelgate.llm.base-url", server.baseUrl()),
                Map.entry("modelgate.llm.model", "fake-model"),
                Map.entry("modelgate.llm.api-key", API_KEY),
                Map.entry("modelgate.llm.timeout", "1500ms"),
                Map.entry("modelgate.llm.max-retries", "2"),
                Map.entry("modelgate.llm.initial-backoff", "20ms"),
                Map.entry("modelgate.llm.max-backoff", "2s"),
                Map.entry("modelgate.llm.input-price-per-million", "0.15"),
                Map.entry("modelgate.llm.output-price-per-million", "0.60"),
                Map.entry("modelgate.llms.backup.base-url", server.baseUrl()),
                Map.entry("modelgate.llms.backup.model", "backup-model"),
                Map.entry("modelgate.llms.backup.max-retries", "0"),
                Map.entry("modelgate.llms.with-fallback.base-url", server.baseUrl()),
                Map.entry("modelgate.llms.with-fallback.model", "first-model"),
                Map.entry("modelgate.llms.with-fallback.max-retries", "1"),
                Map.entry("modelgate.llms.with-fallback.initial-backoff", "10ms"),
                Map.entry("modelgate.llms.with-fallback.fallback", "backup"),
                Map.entry("modelgate.llms.single.base-url", server.baseUrl()),
                Map.entry("modelgate.llms.single.model", "one-at-a-time"),
                Map.entry("modelgate.llms.single.max-concurrency", "1"),
                // Short bounds for the hung-LLM tests: two slots, one of them kept for interactive calls.
                Map.entry("modelgate.llms.bounded.base-url", server.baseUrl()),
                Map.entry("modelgate.llms.bounded.model", "bounded-model"),
                Map.entry("modelgate.llms.bounded.timeout", "1s"),
                Map.entry("modelgate.llms.bounded.max-retries", "20"),
                Map.entry("modelgate.llms.bounded.initial-backoff", "10ms"),
                Map.entry("modelgate.llms.bounded.deadline", "2500ms"),
                Map.entry("modelgate.llms.bounded.max-concurrency", "2"),
                Map.entry("modelgate.llms.bounded.interactive-slots", "1"),
                Map.entry("modelgate.llms.bounded.max-slot-wait", "500ms"),
                // One slot held for 5 s by a hung request, so that the next one waits for it past max-slot-wait.
                Map.entry("modelgate.llms.busy.base-url", server.baseUrl()),
                Map.entry("modelgate.llms.busy.model", "busy-model"),
                Map.entry("modelgate.llms.busy.timeout", "5s"),
                Map.entry("modelgate.llms.busy.max-retries", "0"),
                Map.entry("modelgate.llms.busy.max-concurrency", "1"),
                Map.entry("modelgate.llms.busy.interactive-slots", "0"),
                Map.entry("modelgate.llms.busy.max-slot-wait", "500ms"),
                Map.entry("modelgate.llms.down.base-url", "http://127.0.0.1:1/v1"),
                Map.entry("modelgate.llms.down.model", "unreachable"),
                Map.entry("modelgate.llms.down.max-retries", "1"),
                Map.entry("modelgate.llms.down.initial-backoff", "10ms"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
