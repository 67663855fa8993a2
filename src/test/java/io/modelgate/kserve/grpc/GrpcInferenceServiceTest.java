package io.modelgate.kserve.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.kserve.grpc.proto.InferParameter;
import io.modelgate.kserve.grpc.proto.InferTensorContents;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.modelgate.kserve.grpc.proto.ModelInferResponse;
import io.modelgate.kserve.grpc.proto.ModelMetadataRequest;
import io.modelgate.kserve.grpc.proto.ModelMetadataResponse;
import io.modelgate.kserve.grpc.proto.ModelReadyRequest;
import io.modelgate.kserve.grpc.proto.ServerLiveRequest;
import io.modelgate.kserve.grpc.proto.ServerMetadataRequest;
import io.modelgate.kserve.grpc.proto.ServerMetadataResponse;
import io.modelgate.kserve.grpc.proto.ServerReadyRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KServe V2 gRPC service on the HTTP port: every RPC, and the same answers and messages as REST. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class GrpcInferenceServiceTest {

    private static final List<Float> ADELIE = List.of(40.3f, 18f, 195f, 3250f);
    private static final String REST_ADELIE = "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4],"
            + " \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}]}";

    private GrpcTestChannel channel;

    @BeforeEach
    void connect() {
        TestSupport.awaitReady();
        channel = new GrpcTestChannel();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.close();
    }

    static ModelInferRequest.InferInputTensor.Builder input(String name, String datatype, long... shape) {
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(name).setDatatype(datatype);
        for (long dimension : shape) {
            input.addShape(dimension);
        }
        return input;
    }

    private static ModelInferRequest measurements(List<Float> values) {
        return ModelInferRequest.newBuilder().setModelName("penguins-mlp").addInputs(input("measurements", "FP32", 1, 4)
                .setContents(InferTensorContents.newBuilder().addAllFp32Contents(values))).build();
    }

    static ByteString floats(List<Float> values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.size()).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(buffer::putFloat);
        return ByteString.copyFrom(buffer.flip());
    }

    static List<Float> floats(ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<Float> values = new java.util.ArrayList<>();
        while (buffer.hasRemaining()) {
            values.add(buffer.getFloat());
        }
        return values;
    }

    private static List<Float> restLogits() {
        return given().contentType(ContentType.JSON).body(REST_ADELIE).post("/v2/models/penguins-mlp/infer").then()
                .statusCode(200).extract().jsonPath().getList("outputs[0].data", Float.class);
    }

    /** The failure of a call, checked to be {@code code}; its description is returned. */
    private static String failure(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
        return e.getStatus().getDescription();
    }

    @Test
    void serverLiveSaysLive() {
        assertTrue(channel.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    @Test
    void serverReadySaysReadyOnceTheRepositoryIsScanned() {
        assertTrue(channel.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    }

    @Test
    void serverMetadataEqualsTheRestAnswer() {
        ServerMetadataResponse metadata = channel.stub().serverMetadata(ServerMetadataRequest.getDefaultInstance());
        JsonPath rest = get("/v2").then().statusCode(200).extract().jsonPath();
        assertEquals(rest.getString("name"), metadata.getName());
        assertEquals(rest.getString("version"), metadata.getVersion());
        assertEquals(rest.getList("extensions"), metadata.getExtensionsList());
    }

    @Test
    void modelMetadataEqualsTheRestAnswer() {
        ModelMetadataResponse metadata = channel.stub().modelMetadata(ModelMetadataRequest.newBuilder()
                .setName("penguins-mlp").build());
        JsonPath rest = get("/v2/models/penguins-mlp").then().statusCode(200).extract().jsonPath();
        assertEquals(rest.getString("name"), metadata.getName());
        assertEquals(rest.getList("versions"), metadata.getVersionsList());
        assertEquals(rest.getString("platform"), metadata.getPlatform());
        assertEquals("measurements", metadata.getInputs(0).getName());
        assertEquals("FP32", metadata.getInputs(0).getDatatype());
        assertEquals(List.of(-1L, 4L), metadata.getInputs(0).getShapeList());
        assertEquals(List.of(-1L, 3L), metadata.getOutputs(0).getShapeList());
        Map<String, Object> parameters = rest.getMap("parameters");
        assertEquals(parameters.keySet(), metadata.getParametersMap().keySet());
        assertEquals("READY", metadata.getParametersOrThrow("state").getStringParam());
        assertEquals(parameters.get("version"), metadata.getParametersOrThrow("version").getStringParam());
    }

    @Test
    void modelMetadataOfAVersionAndOfAnUnknownVersion() {
        ModelMetadataResponse metadata = channel.stub().modelMetadata(ModelMetadataRequest.newBuilder()
                .setName("versioned").setVersion("1").build());
        assertEquals("1", metadata.getParametersOrThrow("version").getStringParam());
        String rest = get("/v2/models/penguins-mlp/versions/9").then().statusCode(404).extract().path("error");
        assertEquals(rest, failure(Status.Code.NOT_FOUND, () -> channel.stub().modelMetadata(ModelMetadataRequest
                .newBuilder().setName("penguins-mlp").setVersion("9").build())));
    }

    @Test
    void modelReadyIsTrueForAReadyModelAndUnavailableWithTheRestReasonOtherwise() {
        assertTrue(channel.stub().modelReady(ModelReadyRequest.newBuilder().setName("penguins-mlp").build()).getReady());
        String rest = get("/v2/models/broken/ready").then().statusCode(503).extract().path("error");
        assertEquals(rest, failure(Status.Code.UNAVAILABLE, () -> channel.stub().modelReady(ModelReadyRequest.newBuilder()
                .setName("broken").build())));
        String unknown = get("/v2/models/no-such-model/ready").then().statusCode(404).extract().path("error");
        assertEquals(unknown, failure(Status.Code.NOT_FOUND, () -> channel.stub().modelReady(ModelReadyRequest
                .newBuilder().setName("no-such-model").build())));
    }

    @Test
    void modelInferWithContentsGivesTheRestLogits() {
        ModelInferResponse response = channel.stub().modelInfer(measurements(ADELIE).toBuilder().setId("req-1").build());
        assertEquals("penguins-mlp", response.getModelName());
        assertEquals("1", response.getModelVersion());
        assertEquals("req-1", response.getId());
        assertEquals(0, response.getRawOutputContentsCount());
        ModelInferResponse.InferOutputTensor logits = response.getOutputs(0);
        assertEquals("logits", logits.getName());
        assertEquals("FP32", logits.getDatatype());
        assertEquals(List.of(1L, 3L), logits.getShapeList());
        assertEquals(restLogits(), logits.getContents().getFp32ContentsList());
    }

    @Test
    void modelInferWithRawContentsGivesTheRestLogitsAsRawOutputs() {
        ModelInferResponse response = channel.stub().modelInfer(ModelInferRequest.newBuilder().setModelName("penguins-mlp")
                .addInputs(input("measurements", "FP32", 1, 4)).addRawInputContents(floats(ADELIE)).build());
        assertEquals(1, response.getRawOutputContentsCount());
        assertTrue(response.getOutputs(0).getContents().getFp32ContentsList().isEmpty());
        assertEquals(restLogits(), floats(response.getRawOutputContents(0)));
    }

    @Test
    void binaryDataOutputAsksForRawOutputsAsTritonClientDoes() {
        ModelInferResponse response = channel.stub().modelInfer(measurements(ADELIE).toBuilder()
                .putParameters("binary_data_output", InferParameter.newBuilder().setBoolParam(true).build()).build());
        assertEquals(restLogits(), floats(response.getRawOutputContents(0)));
    }

    @Test
    void requestedOutputsAreTheOnlyOnesAnswered() {
        ModelInferResponse response = channel.stub().modelInfer(IdentityTypesRaw.request().toBuilder()
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("out_INT32")).build());
        assertEquals(1, response.getOutputsCount());
        assertEquals("out_INT32", response.getOutputs(0).getName());
        assertEquals(IdentityTypesRaw.bytes("INT32"), response.getRawOutputContents(0));
    }

    @Test
    void fp16AndBytesMakeARawRoundTripUnchanged() {
        ModelInferRequest request = IdentityTypesRaw.request();
        ModelInferResponse response = channel.stub().modelInfer(request);
        assertEquals(request.getInputsCount(), response.getRawOutputContentsCount());
        for (int i = 0; i < response.getOutputsCount(); i++) {
            String type = response.getOutputs(i).getDatatype();
            int sent = request.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getDatatype).toList()
                    .indexOf(type);
            assertEquals(request.getRawInputContents(sent), response.getRawOutputContents(i), type);
        }
    }

    @Test
    void aMessageOfSeveralMegabytesIsTakenUpToTheConfiguredLimit() {
        ModelInferRequest.Builder request = IdentityTypesRaw.request().toBuilder();
        int uint8 = 1;
        request.setInputs(uint8, input("in_UINT8", "UINT8", 2, 2_500_000))
                .setRawInputContents(uint8, ByteString.copyFrom(new byte[5_000_000]));
        ModelInferResponse response = channel.stub().modelInfer(request.build());
        assertEquals(5_000_000, response.getRawOutputContents(uint8).size());
    }

    @Test
    void aPromptSystemAnswersItsInstancesOverGrpc() {
        FakeLlmResource.server().reset();
        String row = "{\"bill_length_mm\": 49.6, \"bill_depth_mm\": 15, \"flipper_length_mm\": 216, \"body_mass_g\": 4750}";
        ModelInferResponse response = channel.stub().modelInfer(ModelInferRequest.newBuilder()
                .setModelName("penguins-zero-shot@default").addInputs(input("instances", "BYTES", 1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8(row))))
                .build());
        assertEquals("label", response.getOutputs(0).getName());
        assertEquals("Adelie", response.getOutputs(0).getContents().getBytesContents(0).toStringUtf8());
        assertEquals(List.of(false), response.getOutputs(1).getContents().getBoolContentsList());
    }

    @Test
    void cosineGreedyScoresAPairOverGrpc() {
        String a = "{\"mz\": [81.0, 105.1, 150.2], \"intensities\": [0.5, 1.0, 0.2], \"precursor_mz\": 183.1}";
        String pair = "{\"spectrum_a\": " + a + ", \"spectrum_b\": " + a + "}";
        ModelInferResponse response = channel.stub().modelInfer(ModelInferRequest.newBuilder().setModelName("cosine-greedy")
                .addInputs(input("instances", "BYTES", 1).setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFromUtf8(pair)))).build());
        assertEquals("value", response.getOutputs(0).getName());
        assertEquals(1.0, response.getOutputs(0).getContents().getFp64Contents(0), 1e-6);
    }

    @Test
    void anUnknownModelIsNotFoundWithTheRestMessageWhateverTheBodyHolds() {
        ModelInferRequest nonsense = ModelInferRequest.newBuilder().setModelName("no-such-model")
                .addInputs(input("x", "FP99").setContents(InferTensorContents.newBuilder().addBoolContents(true)))
                .addRawInputContents(ByteString.copyFromUtf8("?")).build();
        assertEquals("Request for unknown model: 'no-such-model' is not found",
                failure(Status.Code.NOT_FOUND, () -> channel.stub().modelInfer(nonsense)));
    }

    @Test
    void anUnknownVersionIsNotFoundWithTheRestMessage() {
        String rest = given().contentType(ContentType.JSON).body(REST_ADELIE)
                .post("/v2/models/penguins-mlp/versions/7/infer").then().statusCode(404).extract().path("error");
        assertEquals(rest, failure(Status.Code.NOT_FOUND, () -> channel.stub().modelInfer(measurements(ADELIE)
                .toBuilder().setModelVersion("7").build())));
    }

    @Test
    void aModelThatFailedToLoadIsUnavailableWithTheRestMessage() {
        String rest = given().contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}")
                .post("/v2/models/broken/infer").then().statusCode(503).extract().path("error");
        assertEquals(rest, failure(Status.Code.UNAVAILABLE, () -> channel.stub().modelInfer(ModelInferRequest.newBuilder()
                .setModelName("broken").addInputs(input("x", "FP32", 1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1))).build())));
    }

    @Test
    void aBadShapeIsAnInvalidArgumentWithTheRestMessage() {
        String rest = given().contentType(ContentType.JSON).body(REST_ADELIE.replace("[1, 4]", "[2, 2]"))
                .post("/v2/models/penguins-mlp/infer").then().statusCode(400).extract().path("error");
        assertTrue(rest.contains("input 'measurements'"), rest);
        assertEquals(rest, failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub().modelInfer(ModelInferRequest
                .newBuilder().setModelName("penguins-mlp").addInputs(input("measurements", "FP32", 2, 2)
                        .setContents(InferTensorContents.newBuilder().addAllFp32Contents(ADELIE))).build())));
    }

    @Test
    void aWrongDatatypeIsAnInvalidArgumentWithTheRestMessage() {
        String rest = given().contentType(ContentType.JSON).body(REST_ADELIE.replace("FP32", "FP64"))
                .post("/v2/models/penguins-mlp/infer").then().statusCode(400).extract().path("error");
        assertEquals(rest, failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub().modelInfer(ModelInferRequest
                .newBuilder().setModelName("penguins-mlp").addInputs(input("measurements", "FP64", 1, 4)
                        .setContents(InferTensorContents.newBuilder().addAllFp64Contents(List.of(40.3, 18.0, 195.0, 3250.0))))
                .build())));
        String unknown = given().contentType(ContentType.JSON).body(REST_ADELIE.replace("FP32", "FP33"))
                .post("/v2/models/penguins-mlp/infer").then().statusCode(400).extract().path("error");
        assertEquals(unknown, failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub().modelInfer(ModelInferRequest
                .newBuilder().setModelName("penguins-mlp").addInputs(input("measurements", "FP33", 1, 4)
                        .setContents(InferTensorContents.newBuilder().addAllFp32Contents(ADELIE))).build())));
    }

    @Test
    void elementsInTheWrongContentsFieldOrTooFewAreRefusedNamingTheInput() {
        assertEquals("input 'measurements' for model 'penguins-mlp' is FP32, so its elements belong in fp32_contents;"
                + " it has fp64_contents", failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub().modelInfer(
                ModelInferRequest.newBuilder().setModelName("penguins-mlp").addInputs(input("measurements", "FP32", 1, 4)
                        .setContents(InferTensorContents.newBuilder().addFp64Contents(1))).build())));
        assertEquals("unexpected number of elements for input 'measurements' for model 'penguins-mlp': shape [1,4]"
                + " needs 4, fp32_contents has 3", failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub()
                .modelInfer(measurements(ADELIE.subList(0, 3)))));
        assertEquals("input 'measurements' for model 'penguins-mlp' has no 'contents'; expected FP32 elements in"
                + " fp32_contents (or raw_input_contents for every input)", failure(Status.Code.INVALID_ARGUMENT,
                () -> channel.stub().modelInfer(ModelInferRequest.newBuilder().setModelName("penguins-mlp")
                        .addInputs(input("measurements", "FP32", 1, 4)).build())));
    }

    @Test
    void mixingRawAndTypedContentsIsRefusedNamingTheInput() {
        ModelInferRequest mixed = ModelInferRequest.newBuilder().setModelName("penguins-mlp")
                .addInputs(input("measurements", "FP32", 1, 4).setContents(InferTensorContents.newBuilder()
                        .addAllFp32Contents(ADELIE))).addRawInputContents(floats(ADELIE)).build();
        assertEquals("input 'measurements' for model 'penguins-mlp' has 'contents', but the request sends"
                + " raw_input_contents; the protocol has a request send all its inputs one way",
                failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub().modelInfer(mixed)));
    }

    @Test
    void rawContentsOfTheWrongSizeOrCountAreRefused() {
        assertEquals("unexpected size of the raw_input_contents of input 'measurements' for model 'penguins-mlp':"
                + " shape [1,4] of FP32 needs 16 bytes, it has 12", failure(Status.Code.INVALID_ARGUMENT,
                () -> channel.stub().modelInfer(ModelInferRequest.newBuilder().setModelName("penguins-mlp")
                        .addInputs(input("measurements", "FP32", 1, 4)).addRawInputContents(floats(ADELIE.subList(0, 3)))
                        .build())));
        assertEquals("the request for model 'penguins-mlp' has 2 raw_input_contents for 1 inputs; send one per input,"
                + " in the order of the inputs", failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub().modelInfer(
                ModelInferRequest.newBuilder().setModelName("penguins-mlp").addInputs(input("measurements", "FP32", 1, 4))
                        .addRawInputContents(floats(ADELIE)).addRawInputContents(floats(ADELIE)).build())));
    }

    @Test
    void aRequestWithoutInputsIsRefused() {
        assertEquals("the request for model 'penguins-mlp' has no 'inputs'; expected a list of {name, datatype,"
                + " shape, contents}", failure(Status.Code.INVALID_ARGUMENT, () -> channel.stub().modelInfer(
                ModelInferRequest.newBuilder().setModelName("penguins-mlp").build())));
    }

    @Test
    void grpcInferencesAreCountedWithTheirOwnApiLabel() {
        channel.stub().modelInfer(measurements(ADELIE));
        String metrics = get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(Pattern.compile("modelgate_inference_requests_total\\{[^}]*api=\"grpc\"[^}]*model=\"penguins-mlp\""
                + "[^}]*outcome=\"success\"").matcher(metrics).find(), "no gRPC counter in /q/metrics");
    }
}
