package io.modelgate.prompting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.prompting.FakeOpenAiServer.RecordedRequest;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake OpenAI server behaves as its scripts say, seen through a real HTTP client. */
class FakeOpenAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Name a penguin"}]}""";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeOpenAiServer server;

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start();
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void baseUrlIsLoopbackWithV1Prefix() {
        assertTrue(server.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+/v1"), server.baseUrl());
    }

    @Test
    void defaultReplyIsARealisticAdelieCompletion() throws Exception {
        long before = Instant.now().getEpochSecond();
        HttpResponse<String> response = chat(PROMPT);

        assertEquals(200, response.statusCode());
        assertEquals("application/json", contentType(response));
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.path("id").asText().matches("chatcmpl-\\d+"), body.toString());
        assertEquals("chat.completion", body.path("object").asText());
        long created = body.path("created").asLong();
        assertTrue(created >= before && created <= Instant.now().getEpochSecond(), "created " + created);
        assertEquals("gpt-4o-mini", body.path("model").asText());
        JsonNode choice = body.path("choices").get(0);
        assertEquals(1, body.path("choices").size());
        assertEquals(0, choice.path("index").asInt());
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertEquals("Adelie", choice.path("message").path("content").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
        assertUsage(body, 3, 1);
    }

    @Test
    void answerRepliesWithTheGivenContent() throws Exception {
        server.enqueue(Reply.answer("Emperor \"penguin\"\nfrom Antarctica"));

        JsonNode body = JSON.readTree(chat(PROMPT).body());

        assertEquals("Emperor \"penguin\"\nfrom Antarctica", content(body));
        assertUsage(body, 3, 4);
    }

    @Test
    void modelIsFakeModelWhenTheRequestNamesNone() throws Exception {
        JsonNode body = JSON.readTree(chat("{\"messages\":[]}").body());

        assertEquals("fake-model", body.path("model").asText());
    }

    @Test
    void usageCountsWordsOfStringContentAndTextParts() throws Exception {
        server.enqueue(Reply.answer("  Gentoo  penguins swim fast "));
        String request = """
                {"model":"m","messages":[
                  {"role":"system","content":"You are a  helpful\\tassistant."},
                  {"role":"user","content":[
                    {"type":"text","text":"Which penguin is this?"},
                    {"type":"image_url","image_url":{"url":"https://example.org/p.png"}},
                    {"type":"text","text":" Answer briefly "}
                  ]}
                ]}""";

        JsonNode body = JSON.readTree(chat(request).body());

        assertUsage(body, 5 + 4 + 2, 4);
    }

    @Test
    void usageIsAtLeastOneEvenForEmptyPromptAndAnswer() throws Exception {
        server.enqueue(Reply.answer(""));

        JsonNode body = JSON.readTree(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}").body());

        assertEquals("", content(body));
        assertUsage(body, 1, 1);
    }

    @Test
    void withUsageOverridesTheWordCounts() throws Exception {
        server.enqueue(Reply.answer("Adelie").withUsage(120, 30));

        assertUsage(JSON.readTree(chat(PROMPT).body()), 120, 30);
    }

    @Test
    void queuedRepliesAreUsedInOrderThenTheDefault() throws Exception {
        server.enqueue(Reply.answer("first"), Reply.status(500, "boom"));
        server.enqueue(Reply.answer("third"));

        assertEquals("first", content(JSON.readTree(chat(PROMPT).body())));
        assertEquals(500, chat(PROMPT).statusCode());
        assertEquals("third", content(JSON.readTree(chat(PROMPT).body())));
        assertEquals("Adelie", content(JSON.readTree(chat(PROMPT).body())));
        assertEquals("Adelie", content(JSON.readTree(chat(PROMPT).body())));
    }

    @Test
    void setDefaultChangesTheReplyAfterTheQueue() throws Exception {
        server.setDefault(Reply.status(503, "overloaded"));
        server.enqueue(Reply.answer("queued"));

        assertEquals("queued", content(JSON.readTree(chat(PROMPT).body())));
        assertEquals(503, chat(PROMPT).statusCode());
        assertEquals(503, chat(PROMPT).statusCode());
    }

    @ParameterizedTest
    @CsvSource({
            "429, rate_limit_exceeded",
            "500, server_error",
            "503, server_error",
            "400, invalid_request_error",
            "401, invalid_request_error",
    })
    void statusRepliesWithOpenAiErrorJsonTypedByCode(int code, String type) throws Exception {
        server.enqueue(Reply.status(code, "something went wrong"));

        HttpResponse<String> response = chat(PROMPT);

        assertEquals(code, response.statusCode());
        assertEquals("application/json", contentType(response));
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals("something went wrong", error.path("message").asText());
        assertEquals(type, error.path("type").asText());
        assertTrue(error.has("param") && error.path("param").isNull(), error.toString());
        assertTrue(error.has("code") && error.path("code").isNull(), error.toString());
    }

    @Test
    void withHeaderAddsAResponseHeader() throws Exception {
        server.enqueue(Reply.status(429, "slow down").withHeader("Retry-After", "1"));

        HttpResponse<String> response = chat(PROMPT);

        assertEquals(429, response.statusCode());
        assertEquals("1", response.headers().firstValue("retry-after").orElseThrow());
    }

    @Test
    void withHeaderKeepsRepeatedValuesAndAppliesToAnswers() throws Exception {
        server.enqueue(Reply.answer("Adelie").withHeader("X-Note", "a").withHeader("X-Note", "b"));

        HttpResponse<String> response = chat(PROMPT);

        assertEquals(200, response.statusCode());
        assertEquals(List.of("a", "b"), response.headers().allValues("x-note"));
    }

    @Test
    void truncatedRepliesWithCompletionJsonThatCannotBeParsed() throws Exception {
        server.enqueue(Reply.truncated());

        HttpResponse<String> response = chat(PROMPT);

        assertEquals(200, response.statusCode());
        assertEquals("application/json", contentType(response));
        assertTrue(response.body().startsWith("{\"id\":\"chatcmpl-"), response.body());
        assertThrows(JsonProcessingException.class, () -> JSON.readTree(response.body()));
    }

    @Test
    void streamSendsOneDataEventPerChunkThenStopAndDone() throws Exception {
        server.enqueue(Reply.stream("Ade", "lie", " penguin"));

        HttpResponse<String> response = chat(PROMPT);

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", contentType(response));
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
        String[] events = response.body().split("\n\n");
        assertEquals(5, events.length, response.body());
        for (String event : events) {
            assertTrue(event.startsWith("data: ") && !event.contains("\n"), event);
        }
        assertEquals("data: [DONE]", events[4]);

        List<JsonNode> chunks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chunks.add(JSON.readTree(events[i].substring("data: ".length())));
        }
        String id = chunks.get(0).path("id").asText();
        assertTrue(id.matches("chatcmpl-\\d+"), id);
        for (JsonNode chunk : chunks) {
            assertEquals(id, chunk.path("id").asText());
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertTrue(chunk.path("created").asLong() > 0);
            assertEquals("gpt-4o-mini", chunk.path("model").asText());
            assertEquals(0, chunk.path("choices").get(0).path("index").asInt());
        }
        JsonNode first = chunks.get(0).path("choices").get(0);
        assertEquals("assistant", first.path("delta").path("role").asText());
        assertEquals("Ade", first.path("delta").path("content").asText());
        assertTrue(first.has("finish_reason") && first.path("finish_reason").isNull(), first.toString());
        JsonNode second = chunks.get(1).path("choices").get(0);
        assertFalse(second.path("delta").has("role"), second.toString());
        assertEquals("lie", second.path("delta").path("content").asText());
        assertEquals(" penguin", chunks.get(2).path("choices").get(0).path("delta").path("content").asText());

        JsonNode last = chunks.get(3);
        assertEquals(0, last.path("choices").get(0).path("delta").size());
        assertEquals("stop", last.path("choices").get(0).path("finish_reason").asText());
        assertUsage(last, 3, 2);
    }

    @Test
    void streamFlushesEachEventAsItIsSent() throws Exception {
        Duration gap = Duration.ofMillis(250);
        server.enqueue(Reply.stream("Ade", "lie").withChunkDelay(gap));

        HttpResponse<InputStream> response = client.send(post(PROMPT), HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    lines.add(line);
                    arrivals.add(System.nanoTime());
                }
            }
        }

        assertEquals(4, lines.size(), lines.toString());
        assertEquals("data: [DONE]", lines.get(3));
        // Three gaps separate four events; unflushed events would all arrive at once.
        long spreadMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(3) - arrivals.get(0));
        assertTrue(spreadMillis >= gap.toMillis() * 3 / 2, "events arrived within " + spreadMillis + " ms");
    }

    @Test
    void streamUsageCanBeOverridden() throws Exception {
        server.enqueue(Reply.stream("Adelie").withUsage(7, 9));

        String[] events = chat(PROMPT).body().split("\n\n");

        assertUsage(JSON.readTree(events[1].substring("data: ".length())), 7, 9);
    }

    @Test
    void slowReplyTakesAtLeastItsDelay() throws Exception {
        Duration delay = Duration.ofMillis(600);
        server.enqueue(Reply.slow(delay, "Chinstrap"));

        long start = System.nanoTime();
        HttpResponse<String> response = chat(PROMPT);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(200, response.statusCode());
        assertEquals("Chinstrap", content(JSON.readTree(response.body())));
        assertTrue(elapsedMillis >= delay.toMillis(), "answered after " + elapsedMillis + " ms");
    }

    @Test
    void slowReplyDoesNotHoldUpOtherRequests() throws Exception {
        server.enqueue(Reply.slow(Duration.ofSeconds(2), "late"));
        CompletableFuture<HttpResponse<String>> slow =
                client.sendAsync(post(PROMPT), HttpResponse.BodyHandlers.ofString());
        awaitRequests(1);

        long start = System.nanoTime();
        HttpResponse<String> fast = chat(PROMPT);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("Adelie", content(JSON.readTree(fast.body())));
        assertFalse(slow.isDone(), "the slow reply came back first");
        assertTrue(elapsedMillis < 1500, "the fast reply took " + elapsedMillis + " ms");
        assertEquals("late", content(JSON.readTree(slow.get(10, TimeUnit.SECONDS).body())));
    }

    @Test
    void dropConnectionGivesTheClientAConnectionError() throws Exception {
        server.enqueue(Reply.dropConnection());

        assertThrows(IOException.class, () -> chat(PROMPT));

        assertEquals(1, server.requestCount(), "the dropped request is recorded once, not retried");
        assertEquals(200, chat(PROMPT).statusCode());
    }

    @Test
    void requestsAreRecordedWithLowerCaseHeadersAndJsonBody() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer sk-test")
                .header("Content-Type", "application/json")
                .header("X-Trace", "one")
                .POST(HttpRequest.BodyPublishers.ofString(PROMPT))
                .build();

        client.send(request, HttpResponse.BodyHandlers.ofString());

        RecordedRequest recorded = server.lastRequest();
        assertEquals("POST", recorded.method());
        assertEquals("/v1/chat/completions", recorded.path());
        assertEquals(List.of("Bearer sk-test"), recorded.headers().get("authorization"));
        assertEquals(List.of("application/json"), recorded.headers().get("content-type"));
        assertEquals("one", recorded.header("X-TRACE"));
        assertTrue(recorded.headers().keySet().stream().allMatch(name -> name.equals(name.toLowerCase())),
                recorded.headers().toString());
        assertEquals(PROMPT, recorded.body());
        assertEquals("gpt-4o-mini", recorded.json().path("model").asText());
        assertEquals("Name a penguin", recorded.json().path("messages").get(0).path("content").asText());
    }

    @Test
    void requestsAreRecordedInArrivalOrder() throws Exception {
        chat("{\"model\":\"a\"}");
        chat("{\"model\":\"b\"}");
        chat("{\"model\":\"c\"}");

        List<String> models = server.requests().stream().map(r -> r.json().path("model").asText()).toList();
        assertEquals(List.of("a", "b", "c"), models);
        assertEquals(3, server.requestCount());
        assertEquals("c", server.lastRequest().json().path("model").asText());
    }

    @Test
    void concurrentRequestsAreAllRecorded() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 20)
                .mapToObj(i -> client.sendAsync(post("{\"model\":\"m" + i + "\"}"), HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get(10, TimeUnit.SECONDS).statusCode());
        }

        assertEquals(20, server.requestCount());
        assertEquals(20, server.requests().stream().map(r -> r.json().path("model").asText()).distinct().count());
    }

    @Test
    void bodyThatIsNotJsonIsRecordedWithNullJsonAndStillAnswered() throws Exception {
        HttpResponse<String> response = chat("not json");

        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("fake-model", body.path("model").asText());
        assertUsage(body, 1, 1);
        assertEquals("not json", server.lastRequest().body());
        assertNull(server.lastRequest().json());
    }

    @Test
    void otherPathsAndMethodsGet404WithoutUsingTheQueue() throws Exception {
        server.enqueue(Reply.answer("queued"));

        HttpResponse<String> get = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> otherPath = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/embeddings"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(get, otherPath)) {
            assertEquals(404, response.statusCode());
            assertEquals("application/json", contentType(response));
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertEquals("invalid_request_error", error.path("type").asText());
            assertFalse(error.path("message").asText().isEmpty());
        }
        assertEquals(List.of("GET /v1/chat/completions", "POST /v1/embeddings"),
                server.requests().stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals("queued", content(JSON.readTree(chat(PROMPT).body())));
    }

    @Test
    void resetClearsQueueAndRequestsAndRestoresTheDefault() throws Exception {
        server.setDefault(Reply.status(500, "down"));
        server.enqueue(Reply.answer("queued"));
        chat(PROMPT);
        server.enqueue(Reply.answer("forgotten"));

        server.reset();

        assertEquals(0, server.requestCount());
        assertTrue(server.requests().isEmpty());
        assertEquals("Adelie", content(JSON.readTree(chat(PROMPT).body())));
        assertEquals(1, server.requestCount());
    }

    @Test
    void lastRequestFailsClearlyBeforeAnyRequest() {
        assertThrows(IllegalStateException.class, server::lastRequest);
    }

    @Test
    void requestsIsASnapshotTestsCannotModify() throws Exception {
        chat(PROMPT);
        List<RecordedRequest> snapshot = server.requests();
        chat(PROMPT);

        assertEquals(1, snapshot.size());
        assertThrows(UnsupportedOperationException.class, snapshot::clear);
        assertThrows(UnsupportedOperationException.class, () -> snapshot.get(0).headers().clear());
    }

    @Test
    void repliesRejectOptionsThatDoNotApply() {
        assertThrows(IllegalStateException.class, () -> Reply.status(500, "x").withUsage(1, 1));
        assertThrows(IllegalStateException.class, () -> Reply.dropConnection().withUsage(1, 1));
        assertThrows(IllegalStateException.class, () -> Reply.dropConnection().withHeader("A", "b"));
        assertThrows(IllegalStateException.class, () -> Reply.answer("x").withChunkDelay(Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> Reply.status(42, "x"));
        assertThrows(IllegalArgumentException.class, () -> Reply.slow(Duration.ofMillis(-1), "x"));
    }

    @Test
    void closeStopsTheServerAndCanBeRepeated() {
        server.close();
        server.close();

        assertThrows(ConnectException.class, () -> chat(PROMPT));
    }

    private HttpResponse<String> chat(String body) throws IOException, InterruptedException {
        return client.send(post(body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.requestCount() < count) {
            assertTrue(System.nanoTime() < deadline, "no request arrived within 5 s");
            Thread.sleep(10);
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("content-type").orElse(null);
    }

    private static String content(JsonNode completion) {
        return completion.path("choices").get(0).path("message").path("content").asText();
    }

    private static void assertUsage(JsonNode body, int prompt, int completion) {
        JsonNode usage = body.path("usage");
        assertEquals(prompt, usage.path("prompt_tokens").asInt(), usage.toString());
        assertEquals(completion, usage.path("completion_tokens").asInt(), usage.toString());
        assertEquals(prompt + completion, usage.path("total_tokens").asInt(), usage.toString());
    }
}
