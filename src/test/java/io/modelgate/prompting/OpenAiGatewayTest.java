package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
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

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an OpenAI client finds besides chat completions: the model list, usage in streams, the API description. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class OpenAiGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void modelsListsTheConfiguredLlmsAsOpenAiDoes() {
        get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItem("default"))
                .body("data.find { it.id == 'default' }.object", equalTo("model"))
                .body("data.find { it.id == 'default' }.owned_by", equalTo("modelgate"));
        get("/v1/models/default").then().statusCode(200).body("id", equalTo("default"));
        get("/v1/models/gpt-17").then().statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.message", equalTo("The model 'gpt-17' does not exist: modelgate routes by LLM name;"
                        + " configured: " + get("/v1/models").jsonPath().getList("data.id")));
    }

    @Test
    void theOfficialSdkListsTheModels() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey("unused").build();
        List<String> ids = new ArrayList<>();
        client.models().list().autoPager().forEach(model -> ids.add(model.id()));
        assertTrue(ids.contains("default"), ids.toString());
        Model one = client.models().retrieve("default");
        assertEquals("default", one.id());
    }

    private static List<JsonNode> events(String body) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.lines().filter(l -> l.startsWith("data: ") && !l.equals("data: [DONE]")).toList()) {
            events.add(JSON.readTree(line.substring(6)));
        }
        return events;
    }

    @Test
    void usageComesInALastChunkWithoutChoicesOnlyWhenAskedFor() throws IOException {
        llm.enqueue(Reply.stream("Hel", "lo").withUsage(7, 2), Reply.stream("Hel", "lo").withUsage(7, 2));
        String asked = given().contentType(ContentType.JSON).body("{\"model\": \"default\", \"stream\": true,"
                        + " \"stream_options\": {\"include_usage\": true}, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<JsonNode> withUsage = events(asked);
        JsonNode last = withUsage.get(withUsage.size() - 1);
        assertEquals(0, last.get("choices").size(), last.toString());
        assertEquals(7, last.at("/usage/prompt_tokens").asInt());
        assertEquals(2, last.at("/usage/completion_tokens").asInt());
        withUsage.subList(0, withUsage.size() - 1).forEach(event ->
                assertTrue(event.path("usage").isNull() || event.path("usage").isMissingNode(), event.toString()));

        String notAsked = given().contentType(ContentType.JSON).body("{\"model\": \"default\", \"stream\": true,"
                        + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        for (JsonNode event : events(notAsked)) {
            assertTrue(event.path("usage").isNull() || event.path("usage").isMissingNode(), event.toString());
            assertTrue(event.get("choices").size() > 0, event.toString());
        }
    }

    @Test
    void theGatewayIsInTheOpenApiDocument() {
        get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/chat/completions'.post.operationId", equalTo("createChatCompletion"))
                .body("paths.'/v1/chat/completions'.post.requestBody", notNullValue())
                .body("paths.'/v1/models'.get", notNullValue())
                .body("paths.keySet()", not(hasItem("/v1/chat/completions/")));
    }
}
