package io.modelgate.client;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java client against the real server, over REST (binary tensors) and over gRPC on the HTTP port. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class InferenceClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    private static InferenceClient client(String protocol) {
        return protocol.equals("grpc") ? new GrpcInferenceClient("localhost", RestAssured.port, TIMEOUT)
                : new RestInferenceClient(URI.create("http://localhost:" + RestAssured.port + "/"), TIMEOUT);
    }

    private static Tensor adelie() {
        ByteBuffer buffer = Tensor.allocate(DataType.FP32, 4);
        buffer.asFloatBuffer().put(new float[]{40.3f, 18f, 195f, 3250f});
        return Tensor.numeric("measurements", DataType.FP32, new long[]{1, 4}, buffer);
    }

    private static float[] floats(Tensor tensor) {
        float[] values = new float[(int) tensor.elementCount()];
        tensor.buffer().duplicate().order(tensor.buffer().order()).asFloatBuffer().get(values);
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "grpc"})
    void theServerIsLiveAndReady(String protocol) {
        try (InferenceClient client = client(protocol)) {
            assertTrue(client.live());
            assertTrue(client.ready());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "grpc"})
    void metadataDescribesTheModelsTensors(String protocol) {
        try (InferenceClient client = client(protocol)) {
            ModelDescription metadata = client.metadata("penguins-mlp");
            assertEquals("penguins-mlp", metadata.name());
            assertEquals("measurements", metadata.inputs().get(0).name());
            assertEquals("FP32", metadata.inputs().get(0).datatype());
            assertArrayEquals(new long[]{-1, 4}, metadata.inputs().get(0).shape());
            assertEquals("logits", metadata.outputs().get(0).name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "grpc"})
    void inferGivesTheLogitsOfTheJsonApi(String protocol) {
        List<Float> json = given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"measurements\","
                        + " \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}]}")
                .post("/v2/models/penguins-mlp/infer").then().statusCode(200).extract().jsonPath()
                .getList("outputs[0].data", Float.class);
        try (InferenceClient client = client(protocol)) {
            List<Tensor> outputs = client.infer("penguins-mlp", List.of(adelie()));
            assertEquals("logits", outputs.get(0).name());
            assertArrayEquals(new long[]{1, 3}, outputs.get(0).shape());
            List<Float> logits = new ArrayList<>();
            for (float value : floats(outputs.get(0))) {
                logits.add(value);
            }
            assertEquals(json, logits);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "grpc"})
    void everyDatatypeComesBackUnchanged(String protocol) {
        List<Tensor> inputs = new ArrayList<>();
        for (DataType type : DataType.values()) {
            long[] shape = {2, 2};
            if (type == DataType.BYTES) {
                inputs.add(Tensor.strings("in_BYTES", shape, List.of("a", "", "ünïcödé", "x y")));
                continue;
            }
            ByteBuffer buffer = Tensor.allocate(type, 4);
            for (int i = 0; i < buffer.capacity(); i++) {
                buffer.put(i, (byte) (type == DataType.BOOL ? i % 2 : i + 1));
            }
            inputs.add(Tensor.numeric("in_" + type, type, shape, buffer));
        }
        try (InferenceClient client = client(protocol)) {
            List<Tensor> outputs = client.infer("identity-types", inputs);
            assertEquals(inputs.size(), outputs.size());
            for (Tensor output : outputs) {
                Tensor input = inputs.stream().filter(t -> t.datatype() == output.datatype()).findFirst().orElseThrow();
                assertEquals(input, new Tensor(input.name(), output.datatype(), output.shape(), output.buffer(),
                        output.strings()), output.datatype().name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest:404", "grpc:NOT_FOUND"})
    void anUnknownModelFailsWithTheServersStatusAndMessage(String protocolAndStatus) {
        String[] parts = protocolAndStatus.split(":");
        try (InferenceClient client = client(parts[0])) {
            InferenceClientException e = assertThrows(InferenceClientException.class,
                    () -> client.infer("no-such-model", List.of(adelie())));
            assertEquals(parts[1], e.status());
            assertEquals("Request for unknown model: 'no-such-model' is not found", e.getMessage());
        }
    }

    @Test
    void aServerThatIsNotThereIsReportedAsUnreachable() {
        try (InferenceClient client = new RestInferenceClient(URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(2))) {
            assertEquals("UNREACHABLE", assertThrows(InferenceClientException.class, client::live).status());
        }
    }
}
