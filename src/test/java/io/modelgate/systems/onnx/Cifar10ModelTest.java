package io.modelgate.systems.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.config.Yaml;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.TaskRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trained CIFAR-10 CNN served both ways: a JPEG through the task API (decoded and normalised by
 * the service as model.yaml says) and the normalised tensor through KServe V2 give the same answer.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class Cifar10ModelTest {

    private static final List<String> LABELS =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    @Inject
    TaskRepository tasks;

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @Test
    void aTestPhotoUploadedAsAFileGetsTheSameScoresAsItsTensorThroughV2() throws IOException {
        Example ship = tasks.examples("cifar10", "cifar10-test-1000").stream()
                .filter(e -> e.id().equals("cifar10/test/ship/0004.jpg")).findFirst().orElseThrow();
        byte[] jpeg = Base64.getDecoder().decode(ship.instance().get("image").asText());

        JsonPath task = given().multiPart("image", "ship.jpg", jpeg, "image/jpeg")
                .post("/api/systems/cifar10-cnn/predict").then().statusCode(200).extract().jsonPath();

        List<Float> tensor = normalised(ImageIO.read(new ByteArrayInputStream(jpeg)));
        String v2 = "{\"inputs\": [{\"name\": \"image\", \"shape\": [1, 3, 32, 32], \"datatype\": \"FP32\", \"data\": "
                + tensor + "}]}";
        List<Float> logits = given().contentType(ContentType.JSON).body(v2).post("/v2/models/cifar10-cnn/infer")
                .then().statusCode(200).body("outputs[0].shape", equalTo(List.of(1, 10)))
                .extract().jsonPath().getList("outputs[0].data", Float.class);
        double[] probabilities = PredictionDecoder.softmax(logits.stream().mapToDouble(Float::doubleValue).toArray());
        int best = 0;
        for (int i = 0; i < LABELS.size(); i++) {
            assertEquals(probabilities[i], task.getDouble("predictions[0].scores." + LABELS.get(i)), 1e-5, LABELS.get(i));
            best = probabilities[i] > probabilities[best] ? i : best;
        }
        assertEquals(LABELS.get(best), task.getString("predictions[0].label"));
        assertEquals("ship", task.getString("predictions[0].label"));
    }

    @Test
    void aLargeGrayscalePictureIsConvertedAndResized() throws IOException {
        byte[] png = ImageInputTest.image("png", BufferedImage.TYPE_BYTE_GRAY, 200, 120, Color.GRAY);
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"image\": \"" + Base64.getEncoder().encodeToString(png) + "\"}]}")
                .post("/api/systems/cifar10-cnn/predict").then().statusCode(200)
                .body("predictions", hasSize(1))
                .body("predictions[0].label", in(LABELS))
                .body("predictions[0].scores.size()", equalTo(10));
    }

    @Test
    void aPictureThatIsNotAnImageIsRefusedAndTheModelStillAnswers() {
        given().contentType(ContentType.JSON).body("{\"instances\": [{\"image\": \"bm90IGFuIGltYWdl\"}]}")
                .post("/api/systems/cifar10-cnn/predict").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("instances[0].image: "));
        given().get("/v2/models/cifar10-cnn/ready").then().statusCode(200);
    }

    /** (v/255 - mean[c]) / std[c], channels first, with model.yaml's numbers: what the task API does. */
    private static List<Float> normalised(BufferedImage image) throws IOException {
        JsonNode config = Yaml.MAPPER.readTree(Path.of("models/cifar10-cnn/model.yaml").toFile())
                .get("inputs").get(0).get("image");
        List<Float> values = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            double mean = config.get("mean").get(c).asDouble();
            double std = config.get("std").get(c).asDouble();
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int v = (image.getRGB(x, y) >> (16 - 8 * c)) & 0xff;
                    values.add((float) ((v * config.get("scale").asDouble() - mean) / std));
                }
            }
        }
        return values;
    }
}
