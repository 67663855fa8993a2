package io.modelgate.prompting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A scripted stand-in for an OpenAI-compatible chat-completions server, so that tests of the prompting code can
 * provoke answers, errors, slow replies, broken bodies, streams and dropped connections over real HTTP without a
 * network or an API key.
 *
 * <p>It listens on a random loopback port; point the client under test at {@link #baseUrl()}. Replies are taken
 * from a queue filled with {@link #enqueue(Reply...)}, one per chat-completions request, and from the default reply
 * once the queue is empty. Every request that reaches the server is recorded, so tests can assert on what the client
 * sent.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    /** The path of the only endpoint; everything else gets a 404 so that a misrouted client fails loudly. */
    public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String DEFAULT_MODEL = "fake-model";
    private static final Reply INITIAL_DEFAULT = Reply.answer("Adelie");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
    private volatile CountDownLatch holding;
    /** While {@link #holding}: how many more chat-completions requests are answered before they are held. */
    private final java.util.concurrent.atomic.AtomicInteger passing = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Reply defaultReply = INITIAL_DEFAULT;
    private volatile String hangMarker;
    private volatile CountDownLatch released = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger hanging = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    private FakeOpenAiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on 127.0.0.1 and a free port, so that parallel tests never collide and nothing outside the
     * machine can reach it.
     */
    public static FakeOpenAiServer start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the fake OpenAI server to a loopback port", e);
        }
        // A cached pool: a slow or streaming reply holds its thread, and must never hold up the next request.
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-openai");
            thread.setDaemon(true);
            return thread;
        });
        FakeOpenAiServer fake = new FakeOpenAiServer(server, executor);
        server.createContext("/", fake::handle);
        server.setExecutor(executor);
        server.start();
        return fake;
    }

    /** The base URL that OpenAI clients expect (they append {@code /chat/completions} themselves). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues replies for the next chat-completions requests, one each in order, ahead of the default reply. */
    public void enqueue(Reply... replies) {
        for (Reply reply : replies) {
            queue.add(Objects.requireNonNull(reply, "reply"));
        }
    }

    /** Sets the reply used whenever the queue is empty, for tests that do not care how many calls are made. */
    public void setDefault(Reply reply) {
        defaultReply = Objects.requireNonNull(reply, "reply");
    }

    /**
     * A hung LLM: requests whose body contains {@code marker} get no answer, the connection held open, until
     * {@link #reset} or {@link #close}; other requests are answered as usual. The blank marker hangs every request.
     */
    public void hangWhenBodyContains(String marker) {
        hangMarker = Objects.requireNonNull(marker, "marker");
    }

    /** How many requests are hung now (see {@link #hangWhenBodyContains}). */
    public int hangingRequests() {
        return hanging.get();
    }

    /** Lets one server be shared by several tests: forgets queued replies and requests, restores the default. */
    public void reset() {
        hangMarker = null;
        CountDownLatch hung = released;
        released = new CountDownLatch(1);
        hung.countDown();
        queue.clear();
        requests.clear();
        mostInFlight.set(0);
        defaultReply = INITIAL_DEFAULT;
    }

    /** A snapshot, in arrival order, of every request the server received, including ones answered with 404. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * The latest request, for the common single-call test.
     *
     * @throws IllegalStateException if no request has arrived, rather than a null that fails later and less clearly
     */
    public RecordedRequest lastRequest() {
        synchronized (requests) {
            if (requests.isEmpty()) {
                throw new IllegalStateException("the fake OpenAI server has received no request");
            }
            return requests.get(requests.size() - 1);
        }
    }

    /** The most chat requests that were being answered at the same time since the last reset, to prove a concurrency limit. */
    public int mostConcurrentRequests() {
        return mostInFlight.get();
    }

    /**
     * From now on chat-completions requests are held unanswered and unrecorded, as by an LLM that stopped answering,
     * until {@link #dropHeld()}: a test can then kill the client with nothing answered that it did not see.
     */
    public void hold() {
        holdAfter(0);
    }

    /**
     * As {@link #hold()}, but the next {@code answered} chat-completions requests are still answered first: a client
     * that asks many gets exactly that many answers, then waits, however slow or fast it is.
     */
    public void holdAfter(int answered) {
        passing.set(answered);
        holding = new CountDownLatch(1);
    }

    /** How many requests are held now. */
    public int heldCount() {
        return held.get();
    }

    /** Ends {@link #hold()}: the held requests are dropped (their connections closed, never recorded or answered). */
    public void dropHeld() {
        CountDownLatch latch = holding;
        holding = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** How many requests arrived, to prove retries happened (or did not). */
    public int requestCount() {
        return requests.size();
    }

    /** Stops listening and ends replies still in progress, so that no test leaks a thread or a port. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropHeld();
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            CountDownLatch latch = holding;
            if (latch != null && CHAT_COMPLETIONS_PATH.equals(exchange.getRequestURI().getPath())
                    && passing.getAndDecrement() <= 0) {
                held.incrementAndGet();
                try {
                    latch.await();
                } finally {
                    held.decrementAndGet();
                }
                return; // dropped: the finally below closes the exchange
            }
            RecordedRequest request = record(exchange);
            if (!"POST".equals(request.method()) || !CHAT_COMPLETIONS_PATH.equals(request.path())) {
                String message = "Unknown request URL: " + request.method() + " " + request.path();
                sendJson(exchange, 404, errorBody(404, message), Map.of());
                return;
            }
            String marker = hangMarker;
            if (marker != null && request.body().contains(marker)) {
                CountDownLatch hung = released;
                hanging.incrementAndGet();
                try {
                    hung.await(5, java.util.concurrent.TimeUnit.MINUTES);
                } finally {
                    hanging.decrementAndGet();
                }
                return;
            }
            Reply reply = queue.poll();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                respond(exchange, request, reply != null ? reply : defaultReply);
            } finally {
                inFlight.decrementAndGet();
            }
        } catch (IOException e) {
            // The client went away (or the server is closing); there is nobody left to answer.
        } catch (InterruptedException e) {
            // close() interrupted a slow reply; closing the exchange drops the connection.
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).addAll(values));
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), headers, body, parseOrNull(body));
        requests.add(request);
        return request;
    }

    private void respond(HttpExchange exchange, RecordedRequest request, Reply reply)
            throws IOException, InterruptedException {
        if (!reply.delay.isZero()) {
            Thread.sleep(reply.delay.toMillis());
        }
        switch (reply.kind) {
            case ANSWER -> sendJson(exchange, 200, completion(request, reply), reply.headers);
            case TRUNCATED -> {
                String whole = completion(request, reply);
                // Any proper prefix of a JSON object is invalid JSON, so half of it can never parse.
                sendJson(exchange, 200, whole.substring(0, whole.length() / 2), reply.headers);
            }
            case ERROR -> sendJson(exchange, reply.status, errorBody(reply.status,
                    reply.text.replace(Reply.AUTHORIZATION, String.valueOf(request.header("authorization")))), reply.headers);
            case STREAM -> stream(exchange, request, reply);
            case DROP -> {
                // Leaving the response unsent: closing the exchange (by the caller) then closes the connection.
            }
        }
    }

    private String completion(RecordedRequest request, Reply reply) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", nextId());
        body.put("object", "chat.completion");
        body.put("created", Instant.now().getEpochSecond());
        body.put("model", model(request));
        JsonNode json = request.json();
        int n = reply.ignoresN || json == null || !json.path("n").canConvertToInt() ? 1 : Math.max(1, json.path("n").asInt());
        boolean logprobs = !reply.ignoresLogprobs && json != null && json.path("logprobs").asBoolean(false);
        int topLogprobs = json == null ? 0 : json.path("top_logprobs").asInt(0);
        com.fasterxml.jackson.databind.node.ArrayNode choices = body.putArray("choices");
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String text = shaped(json, reply.choices.isEmpty() ? reply.text : reply.choices.get(i % reply.choices.size()));
            all.append(text).append(' ');
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            choice.putObject("message").put("role", "assistant").put("content", text);
            if (logprobs) {
                choice.set("logprobs", FakeTokens.logprobs(text, reply.topLogprobs, topLogprobs));
            }
            choice.put("finish_reason", "stop");
        }
        body.set("usage", usage(request, reply, all.toString()));
        return body.toString();
    }

    /**
     * The answer as a server that honours {@code response_format: json_schema} writes it: a plain answer becomes the
     * schema's one-field object ({@code Gentoo} → {@code {"label":"Gentoo"}}); an answer that already is JSON, or a
     * request without such a format, is sent as scripted.
     */
    private static String shaped(JsonNode request, String text) {
        JsonNode schema = request == null ? null : request.at("/response_format/json_schema/schema");
        if (schema == null || schema.isMissingNode() || !"json_schema".equals(request.at("/response_format/type").asText())) {
            return text;
        }
        if (parseOrNull(text) instanceof ObjectNode) {
            return text;
        }
        String field = schema.path("required").path(0).asText("label");
        ObjectNode answer = JSON.createObjectNode();
        if ("number".equals(schema.at("/properties/" + field + "/type").asText())) {
            try {
                answer.put(field, Double.parseDouble(text.strip()));
            } catch (NumberFormatException e) {
                answer.put(field, text);
            }
        } else {
            answer.put(field, text);
        }
        return answer.toString();
    }

    private void stream(HttpExchange exchange, RecordedRequest request, Reply reply)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        addHeaders(exchange, reply.headers);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String id = nextId();
        long created = Instant.now().getEpochSecond();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < reply.chunks.size(); i++) {
            ObjectNode chunk = chunk(id, created, request);
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", reply.chunks.get(i));
            choice.putNull("finish_reason");
            events.add(chunk.toString());
        }
        ObjectNode last = chunk(id, created, request);
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", "stop");
        last.set("usage", usage(request, reply, String.join("", reply.chunks)));
        events.add(last.toString());
        events.add("[DONE]");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0 && !reply.chunkDelay.isZero()) {
                Thread.sleep(reply.chunkDelay.toMillis());
            }
            out.write(("data: " + events.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static ObjectNode chunk(String id, long created, RecordedRequest request) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model(request));
        return chunk;
    }

    private String nextId() {
        return "chatcmpl-" + ids.incrementAndGet();
    }

    private static String model(RecordedRequest request) {
        JsonNode model = request.json() == null ? null : request.json().get("model");
        return model != null && model.isTextual() ? model.asText() : DEFAULT_MODEL;
    }

    private static ObjectNode usage(RecordedRequest request, Reply reply, String answer) {
        int prompt = reply.promptTokens >= 0 ? reply.promptTokens : Math.max(1, promptWords(request.json()));
        int completion = reply.completionTokens >= 0 ? reply.completionTokens : Math.max(1, words(answer));
        return JSON.createObjectNode()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    /** Words stand in for tokens: predictable enough for tests to assert exact usage numbers. */
    private static int promptWords(JsonNode json) {
        if (json == null) {
            return 0;
        }
        int count = 0;
        for (JsonNode message : json.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                count += words(content.asText());
            } else {
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) {
                        count += words(part.path("text").asText());
                    }
                }
            }
        }
        return count;
    }

    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : WHITESPACE.split(stripped).length;
    }

    private static String errorBody(int status, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error")
                .put("message", message)
                .put("type", errorType(status))
                .putNull("param")
                .putNull("code");
        return error.toString();
    }

    private static String errorType(int status) {
        if (status == 429) {
            return "rate_limit_exceeded";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static void sendJson(HttpExchange exchange, int status, String body, Map<String, List<String>> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        addHeaders(exchange, headers);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Scripted headers replace the server's own of the same name, so a test can also send misleading ones. */
    private static void addHeaders(HttpExchange exchange, Map<String, List<String>> headers) {
        headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
    }

    private static JsonNode parseOrNull(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * One request as the server saw it, so tests can check what the client really sent.
     *
     * @param headers header names in lower case, since HTTP names are case-insensitive and clients differ
     * @param json    the parsed body, or {@code null} when the body is empty or not JSON
     */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body,
                                  JsonNode json) {

        /** Defensive copies, so that a recorded request cannot change after the test has read it. */
        public RecordedRequest {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            headers = Collections.unmodifiableMap(copy);
        }

        /** The first value of a header (any case), or {@code null}: most headers a client sends appear once. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * What the server does with one chat-completions request. Immutable: the {@code with...} methods return a
     * changed copy, so one reply can be enqueued many times or kept as a constant.
     */
    public static final class Reply {

        private enum Kind { ANSWER, TRUNCATED, ERROR, STREAM, DROP }

        private final Kind kind;
        private final int status;
        /** The answer's content, or the error's message. */
        private final String text;
        private final List<String> chunks;
        private final Duration delay;
        private final Duration chunkDelay;
        /** Negative: count words instead. */
        private final int promptTokens;
        private final int completionTokens;
        private final Map<String, List<String>> headers;
        /** The texts of the choices when a request asks for n of them, taken in turn; empty: {@link #text} each time. */
        private final List<String> choices;
        /** The first token's top candidates (token → natural-log probability); empty: the answer's own token only. */
        private final Map<String, Double> topLogprobs;
        /** Like a server that ignores {@code n} (Ollama, llama.cpp): one choice, whatever was asked. */
        private final boolean ignoresN;
        /** Like a server that ignores {@code logprobs}: none in the answer, whatever was asked. */
        private final boolean ignoresLogprobs;

        private Reply(Kind kind, int status, String text, List<String> chunks, Duration delay, Duration chunkDelay,
                      int promptTokens, int completionTokens, Map<String, List<String>> headers) {
            this(kind, status, text, chunks, delay, chunkDelay, promptTokens, completionTokens, headers, List.of(),
                    Map.of(), false, false);
        }

        private Reply(Kind kind, int status, String text, List<String> chunks, Duration delay, Duration chunkDelay,
                      int promptTokens, int completionTokens, Map<String, List<String>> headers, List<String> choices,
                      Map<String, Double> topLogprobs, boolean ignoresN, boolean ignoresLogprobs) {
            this.choices = choices;
            this.topLogprobs = topLogprobs;
            this.ignoresN = ignoresN;
            this.ignoresLogprobs = ignoresLogprobs;
            this.kind = kind;
            this.status = status;
            this.text = text;
            this.chunks = chunks;
            this.delay = delay;
            this.chunkDelay = chunkDelay;
            this.promptTokens = promptTokens;
            this.completionTokens = completionTokens;
            this.headers = headers;
        }

        private Reply(Kind kind, int status, String text, List<String> chunks, Duration delay) {
            this(kind, status, text, chunks, delay, Duration.ZERO, -1, -1, Map.of());
        }

        /** The happy path: a complete chat.completion whose usage counts words of the prompt and the answer. */
        public static Reply answer(String content) {
            return new Reply(Kind.ANSWER, 200, Objects.requireNonNull(content, "content"), List.of(), Duration.ZERO);
        }

        /** An answer sent only after {@code delay}, to exercise client timeouts and concurrency limits. */
        public static Reply slow(Duration delay, String content) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
            return new Reply(Kind.ANSWER, 200, Objects.requireNonNull(content, "content"), List.of(), delay);
        }

        /** In an error message, replaced by the request's Authorization header, as some servers echo it back. */
        public static final String AUTHORIZATION = "{authorization}";

        /**
         * An OpenAI-style error, to exercise retries (429, 5xx) and the mapping of client errors (4xx); its message
         * may hold {@link #AUTHORIZATION}.
         */
        public static Reply status(int code, String errorMessage) {
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + code);
            }
            return new Reply(Kind.ERROR, code, Objects.requireNonNull(errorMessage, "errorMessage"), List.of(),
                    Duration.ZERO);
        }

        /** A 200 whose JSON body stops half-way, to prove the client treats unparseable answers as failures. */
        public static Reply truncated() {
            return new Reply(Kind.TRUNCATED, 200, "This answer is cut off before it ends", List.of(), Duration.ZERO);
        }

        /** A streamed answer, one server-sent event per chunk, to exercise streaming clients. */
        public static Reply stream(String... chunks) {
            return new Reply(Kind.STREAM, 200, null, List.of(chunks), Duration.ZERO);
        }

        /** No response at all, so the client sees a connection error rather than an HTTP status. */
        public static Reply dropConnection() {
            return new Reply(Kind.DROP, 0, null, List.of(), Duration.ZERO);
        }

        /**
         * Fixes the usage numbers, for tests of cost or token accounting that want values the word count would not
         * give.
         *
         * @throws IllegalStateException for replies that carry no usage (errors, dropped connections)
         */
        public Reply withUsage(int prompt, int completion) {
            if (kind == Kind.ERROR || kind == Kind.DROP) {
                throw new IllegalStateException("a " + kind + " reply has no usage");
            }
            if (prompt < 0 || completion < 0) {
                throw new IllegalArgumentException("token counts must not be negative");
            }
            return new Reply(kind, status, text, chunks, delay, chunkDelay, prompt, completion, headers, choices,
                    topLogprobs, ignoresN, ignoresLogprobs);
        }

        /**
         * Adds a response header, such as {@code Retry-After}; repeated names add values. It replaces a header the
         * server would set itself (such as {@code Content-Type}), so tests can also send misleading ones.
         *
         * @throws IllegalStateException for a dropped connection, which sends no headers
         */
        public Reply withHeader(String name, String value) {
            if (kind == Kind.DROP) {
                throw new IllegalStateException("a dropped connection sends no headers");
            }
            Map<String, List<String>> copy = new LinkedHashMap<>(headers);
            List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
            values.add(Objects.requireNonNull(value, "value"));
            copy.put(Objects.requireNonNull(name, "name"), List.copyOf(values));
            return new Reply(kind, status, text, chunks, delay, chunkDelay, promptTokens, completionTokens,
                    Collections.unmodifiableMap(copy), choices, topLogprobs, ignoresN, ignoresLogprobs);
        }

        /**
         * Pauses between the events of a stream, so tests can see that events arrive one by one.
         *
         * @throws IllegalStateException for replies that are not streams
         */
        public Reply withChunkDelay(Duration delay) {
            if (kind != Kind.STREAM) {
                throw new IllegalStateException("only a stream has chunks to delay");
            }
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
            return new Reply(kind, status, text, chunks, this.delay, delay, promptTokens, completionTokens, headers);
        }

        /**
         * The texts of the choices for a request that asks for {@code n} of them, taken in turn (a request for
         * more gets them again from the first), as a server sampling several answers would.
         */
        public static Reply choices(String... texts) {
            if (texts.length == 0) {
                throw new IllegalArgumentException("at least one choice");
            }
            return new Reply(Kind.ANSWER, 200, texts[0], List.of(), Duration.ZERO, Duration.ZERO, -1, -1, Map.of(),
                    List.of(texts), Map.of(), false, false);
        }

        /**
         * The first answer token's top candidates with their natural-log probabilities, in the order given, sent when
         * a request asks for {@code logprobs} (at most {@code top_logprobs} of them, most probable first).
         */
        public Reply withTopLogprobs(Map<String, Double> candidates) {
            requireAnswer("top log-probabilities");
            return new Reply(kind, status, text, chunks, delay, chunkDelay, promptTokens, completionTokens, headers,
                    choices, Collections.unmodifiableMap(new LinkedHashMap<>(candidates)), ignoresN, ignoresLogprobs);
        }

        /** Answers with one choice whatever {@code n} asks, as Ollama and llama.cpp's server do. */
        public Reply ignoringN() {
            requireAnswer("choices");
            return new Reply(kind, status, text, chunks, delay, chunkDelay, promptTokens, completionTokens, headers,
                    choices, topLogprobs, true, ignoresLogprobs);
        }

        /** Answers without log-probabilities even when asked, as a server without that feature does. */
        public Reply ignoringLogprobs() {
            requireAnswer("log-probabilities");
            return new Reply(kind, status, text, chunks, delay, chunkDelay, promptTokens, completionTokens, headers,
                    choices, topLogprobs, ignoresN, true);
        }

        private void requireAnswer(String what) {
            if (kind != Kind.ANSWER) {
                throw new IllegalStateException("only an answer has " + what);
            }
        }

        @Override
        public String toString() {
            return "Reply[" + kind + (kind == Kind.ERROR ? " " + status : "")
                    + (kind == Kind.STREAM ? " " + chunks : text == null ? "" : " " + text) + "]";
        }
    }
}
