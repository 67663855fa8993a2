package io.modelgate.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The V2 binary tensor data extension over REST, as Triton and KServe clients send it. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class KServeV2BinaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Inference-Header-Content-Length";

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    /** A body as clients write it: the JSON, then the binary parts, the JSON's length in the header. */
    private static ExtractableResponse<Response> post(String model, String contentType, String json, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        body.writeBytes(header);
        Arrays.stream(parts).forEach(body::writeBytes);
        return given().contentType(contentType).header(HEADER, header.length).body(body.toByteArray())
                .post("/v2/models/" + model + "/infer").then().extract();
    }

    /** A binary response taken apart: its JSON and each binary output's bytes by name. */
    private record BinaryAnswer(JsonNode json, Map<String, byte[]> outputs) {

        static BinaryAnswer of(ExtractableResponse<Response> response) throws IOException {
            assertEquals(200, response.statusCode(), response.asString());
            assertTrue(response.contentType().startsWith("application/octet-stream"), response.contentType());
            byte[] body = response.asByteArray();
            int length = Integer.parseInt(response.header(HEADER));
            JsonNode json = JSON.readTree(Arrays.copyOfRange(body, 0, length));
            Map<String, byte[]> outputs = new LinkedHashMap<>();
            int offset = length;
            for (JsonNode output : json.get("outputs")) {
                if (output.has("data")) {
                    continue;
                }
                int size = output.at("/parameters/binary_data_size").asInt();
                outputs.put(output.get("name").asText(), Arrays.copyOfRange(body, offset, offset + size));
                offset += size;
            }
            assertEquals(body.length, offset, "every byte after the JSON belongs to an output");
            return new BinaryAnswer(json, outputs);
        }
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    @Test
    void theExtensionIsListed() {
        get("/v2").then().statusCode(200).body("extensions", hasItem("binary_tensor_data"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/octet-stream", "application/json"})
    void aBinaryInputGivesTheSameAnswerAsJsonWhateverItsContentType(String contentType) {
        String json = "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                + " \"parameters\": {\"binary_data_size\": 16}}]}";
        List<Float> binary = post("penguins-mlp", contentType, json, floats(40.3f, 18f, 195f, 3250f)).jsonPath()
                .getList("outputs[0].data", Float.class);
        List<Float> plain = given().contentType("application/json").body("{\"inputs\": [{\"name\": \"measurements\","
                        + " \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}]}")
                .post("/v2/models/penguins-mlp/infer").then().statusCode(200).extract().jsonPath()
                .getList("outputs[0].data", Float.class);
        assertEquals(plain, binary);
    }

    @Test
    void everyDatatypeTravelsAsBinaryBothWays() throws IOException {
        // JSON in, binary out: the identity model gives back each input's bytes.
        BinaryAnswer first = BinaryAnswer.of(given().contentType("application/json")
                .body("{\"inputs\": " + IdentityTypesTest.allInputs() + ", \"parameters\": {\"binary_data_output\": true}}")
                .post("/v2/models/identity-types/infer").then().extract());
        assertEquals(IdentityTypesTest.VALUES.size(), first.outputs().size());
        assertFalse(first.json().has("parameters"));
        // Binary in, JSON out: the same elements as the JSON path gives, for every datatype.
        StringBuilder inputs = new StringBuilder("[");
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        for (String type : IdentityTypesTest.VALUES.keySet()) {
            byte[] bytes = first.outputs().get("out_" + type);
            inputs.append(inputs.length() > 1 ? "," : "").append("{\"name\": \"in_").append(type)
                    .append("\", \"shape\": [2, 2], \"datatype\": \"").append(type)
                    .append("\", \"parameters\": {\"binary_data_size\": ").append(bytes.length).append("}}");
            parts.writeBytes(bytes);
        }
        String body = post("identity-types", "application/octet-stream", "{\"inputs\": " + inputs + "]}",
                parts.toByteArray()).asString();
        IdentityTypesTest.VALUES.forEach((type, values) -> assertTrue(body.contains("\"name\":\"out_" + type
                + "\",\"shape\":[2,2],\"datatype\":\"" + type + "\",\"data\":" + values[1]), type + " in " + body));
    }

    @Test
    void jsonAndBinaryInputsAndOutputsMixInOneRequest() throws IOException {
        String json = "{\"inputs\": [{\"name\": \"in_INT32\", \"shape\": [2, 2], \"datatype\": \"INT32\","
                + " \"parameters\": {\"binary_data_size\": 16}},"
                + " {\"name\": \"in_BYTES\", \"shape\": [2, 2], \"datatype\": \"BYTES\", \"data\": [\"a\", \"b\", \"c\", \"d\"]},"
                + " {\"name\": \"in_BOOL\", \"shape\": [2, 2], \"datatype\": \"BOOL\", \"parameters\": {\"binary_data_size\": 4}}],"
                + " \"outputs\": [{\"name\": \"out_INT32\"}, {\"name\": \"out_BYTES\", \"parameters\": {\"binary_data\": true}}]}";
        ByteBuffer ints = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(-2).putInt(3).putInt(4);
        // identity-types takes every input; the others come as JSON.
        String rest = IdentityTypesTest.allInputs().replaceAll("\\{\"name\": \"in_(INT32|BYTES|BOOL)\"[^}]*}\\s*,?", "");
        String all = json.replace("], \"outputs\"", ", " + rest.substring(1, rest.length() - 1).replaceAll(",$", "")
                + "], \"outputs\"");
        BinaryAnswer answer = BinaryAnswer.of(post("identity-types", "application/octet-stream", all, ints.array(),
                new byte[]{1, 0, 0, 1}));
        assertEquals("[1,-2,3,4]", answer.json().at("/outputs/0/data").toString());
        ByteBuffer bytes = ByteBuffer.wrap(answer.outputs().get("out_BYTES")).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, bytes.getInt());
        assertEquals('a', bytes.get());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            size not shape x type | 12 | 12 | -1 | unexpected size of the binary data of input 'measurements' for model 'penguins-mlp': shape [1,4] of FP32 needs 16 bytes, binary_data_size is 12
            size past the body    | 32 | 16 | -1 | input 'measurements' for model 'penguins-mlp' declares binary_data_size 32 but only 16 bytes of binary data are left in the body
            bytes left over       | 16 | 20 | -1 | the body of the request for model 'penguins-mlp' has 4 bytes after the JSON and the binary data its inputs declare
            header past the body  | 16 | 16 | 9999 | header Inference-Header-Content-Length is 9999, past the end of the body
            """)
    void badBinaryBodiesAreRefusedNamingTheProblem(String what, int declared, int sent, int header, String error) {
        String json = "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                + " \"parameters\": {\"binary_data_size\": " + declared + "}}]}";
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(head, head.length + sent);
        given().contentType("application/octet-stream").header(HEADER, header < 0 ? head.length : header).body(body)
                .post("/v2/models/penguins-mlp/infer").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith(error));
        get("/v2/models/penguins-mlp/ready").then().statusCode(200);
    }

    @Test
    void anInputWithBothDataAndBinaryIsRefused() {
        String json = "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                + " \"data\": [1, 2, 3, 4], \"parameters\": {\"binary_data_size\": 16}}]}";
        post("penguins-mlp", "application/octet-stream", json, floats(1, 2, 3, 4)).response().then().statusCode(400)
                .body("error", equalTo("input 'measurements' for model 'penguins-mlp' has both 'data' and"
                        + " parameters.binary_data_size; send its elements one way"));
    }

    @Test
    void aPromptSystemTakesItsInstancesAsBinaryBytes() {
        FakeLlmResource.server().reset();
        byte[] row = "{\"bill_length_mm\": 49.6, \"bill_depth_mm\": 15, \"flipper_length_mm\": 216, \"body_mass_g\": 4750}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] element = ByteBuffer.allocate(4 + row.length).order(ByteOrder.LITTLE_ENDIAN).putInt(row.length).put(row).array();
        String json = "{\"inputs\": [{\"name\": \"instances\", \"shape\": [1], \"datatype\": \"BYTES\","
                + " \"parameters\": {\"binary_data_size\": " + element.length + "}}]}";
        post("penguins-zero-shot@default", "application/octet-stream", json, element).response().then().statusCode(200)
                .body("outputs[0].data[0]", equalTo("Adelie"));
    }
}
