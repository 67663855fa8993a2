package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI-compatible pass-through, with plain HTTP and with the official OpenAI Java SDK. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class ChatCompletionsRouteTest {

    private static final String HELLO = "{\"model\": \"default\", \"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}]}";

    @TestHTTPResource("/v1")
    URL v1;

    private FakeOpenAiServer llm;

    @BeforeEach
    void reset() {
        TestSupport.awaitReady();
        llm = FakeLlmResource.server();
        llm.reset();
    }

    @Test
    void requestIsForwardedToTheNamedLlmWithItsModelAndKey() {
        llm.enqueue(Reply.answer("Hello there").withUsage(3, 2));
        given().contentType(ContentType.JSON).body("{\"model\": \"default\", \"temperature\": 0.3, \"max_tokens\": 7,"
                        + " \"messages\": [{\"role\": \"system\", \"content\": \"Be brief\"}, {\"role\": \"user\", \"content\": \"Say hello\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .header("x-modelgate-llm", "default")
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.content", equalTo("Hello there"))
                .body("usage.prompt_tokens", equalTo(3))
                .body("usage.completion_tokens", equalTo(2));
        JsonNode sent = llm.lastRequest().json();
        assertEquals("fake-model", sent.get("model").asText(), "the LLM's configured model replaces its modelgate name");
        assertEquals(0.3, sent.get("temperature").asDouble());
        assertEquals(7, sent.get("max_tokens").asInt());
        assertEquals("Be brief", sent.at("/messages/0/content").asText());
        assertEquals("Bearer " + FakeLlmResource.API_KEY, llm.lastRequest().header("Authorization"));
    }

    @Test
    void retriesAndFallbackApplyToThePassThroughToo() {
        llm.enqueue(Reply.status(503, "busy"), Reply.answer("Hi"));
        given().contentType(ContentType.JSON).body(HELLO).post("/v1/chat/completions").then().statusCode(200)
                .header("x-modelgate-retries", "1")
                .body("choices[0].message.content", equalTo("Hi"));
        llm.enqueue(Reply.status(500, "down"), Reply.status(500, "down"), Reply.answer("from backup"));
        given().contentType(ContentType.JSON).body(HELLO.replace("\"default\"", "\"with-fallback\""))
                .post("/v1/chat/completions").then().statusCode(200)
                .header("x-modelgate-llm", "backup")
                .body("choices[0].message.content", equalTo("from backup"));
    }

    @Test
    void failuresAfterRetriesComeBackInOpenAiErrorFormat() {
        llm.enqueue(Reply.status(500, "a"), Reply.status(500, "b"), Reply.status(500, "c"));
        given().contentType(ContentType.JSON).body(HELLO).post("/v1/chat/completions").then().statusCode(502)
                .body("error.type", equalTo("api_error"))
                .body("error.message", containsString("LLM 'default' failed after 2 retries: HTTP 500"));
    }

    @Test
    void streamIsRelayedAsServerSentEvents() {
        llm.enqueue(Reply.stream("Hel", "lo", " there"));
        String body = given().contentType(ContentType.JSON)
                .body("{\"model\": \"default\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .header("Content-Type", startsWith("text/event-stream"))
                .extract().asString();
        List<String> events = body.lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
        assertEquals("data: [DONE]", "data: " + events.get(events.size() - 1));
        ObjectMapper json = new ObjectMapper();
        String text = events.subList(0, events.size() - 1).stream().map(event -> {
            try {
                return json.readTree(event).at("/choices/0/delta/content").asText("");
            } catch (java.io.IOException e) {
                throw new AssertionError(event, e);
            }
        }).collect(Collectors.joining());
        assertEquals("Hello there", text);
        assertTrue(llm.lastRequest().json().get("stream").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            no model       | 400 | {"messages": [{"role": "user", "content": "hi"}]}                    | 'model' is required: the name of a configured LLM
            no messages    | 400 | {"model": "default"}                                                 | 'messages' is required: a non-empty list of {role, content}
            message no role| 400 | {"model": "default", "messages": [{"content": "hi"}]}                | messages[0] needs a 'role' (system, user, assistant or tool)
            stream a string| 400 | {"model": "default", "stream": "yes", "messages": [{"role": "user", "content": "hi"}]} | 'stream' must be true or false
            not JSON       | 400 | {"model":                                                            | the body is not valid JSON
            empty body     | 400 | ~~                                                                   | the body is empty; expected a chat completion request
            content a number| 400 | {"model": "default", "messages": [{"role": "user", "name": {"a": 1}}]} | field 'name' does not fit the chat completion request
            unknown role   | 400 | {"model": "default", "messages": [{"role": "robot", "content": "hi"}]} | messages[0] has role 'robot'; expected system, developer, user, assistant or tool
            duplicate key  | 400 | {"model": "default", "model": "other", "messages": [{"role": "user", "content": "hi"}]} | the body is not valid JSON: Duplicate field 'model'
            duplicate nested key | 400 | {"model": "default", "messages": [{"role": "user", "content": "hi", "content": "ho"}]} | the body is not valid JSON: Duplicate field 'content'
            trailing text  | 400 | {"model": "default", "messages": [{"role": "user", "content": "hi"}]} {"x": 1} | the body is not valid JSON: content after the end of the JSON document
            temperature NaN| 400 | {"model": "default", "temperature": NaN, "messages": [{"role": "user", "content": "hi"}]} | 'temperature' is NaN; expected a finite number
            top_p Infinity | 400 | {"model": "default", "top_p": Infinity, "messages": [{"role": "user", "content": "hi"}]} | 'top_p' is Infinity; expected a finite number
            nested -Infinity| 400 | {"model": "default", "logit_bias": {"5": -Infinity}, "messages": [{"role": "user", "content": "hi"}]} | 'logit_bias.5' is -Infinity; expected a finite number
            unknown model  | 404 | {"model": "gpt-17", "messages": [{"role": "user", "content": "hi"}]} | The model 'gpt-17' does not exist
            """)
    void badRequestsGetOpenAiStyleErrors(String what, int status, String body, String message) {
        given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions").then().statusCode(status)
                .body("error.message", startsWith(message))
                .body("error.type", equalTo("invalid_request_error"));
        assertEquals(0, llm.requestCount());
    }

    @Test
    void officialOpenAiSdkUsesModelgateAsItsGateway() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey("any-key-modelgate-ignores").build();
        llm.enqueue(Reply.answer("Hello from the SDK"));
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("default").addUserMessage("Say hello").build());
        assertEquals("Hello from the SDK", completion.choices().get(0).message().content().orElseThrow());

        llm.enqueue(Reply.stream("Stre", "amed"));
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("default").addUserMessage("Stream please").build())) {
            String text = stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
            assertEquals("Streamed", text);
        }

        NotFoundException unknown = assertThrows(NotFoundException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-17").addUserMessage("hi").build()));
        assertTrue(unknown.getMessage().contains("The model 'gpt-17' does not exist"), unknown.getMessage());
        get("/v2/health/live").then().statusCode(200);
    }
}
