package io.modelgate.systems.onnx;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

import static io.modelgate.TestSupport.near;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Images through the task API: JSON base64, data URLs and multipart uploads, and every way one can be wrong. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class ImageInputTest {

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    static byte[] image(String format, int type, int width, int height, Color colour) throws IOException {
        BufferedImage picture = new BufferedImage(width, height, type);
        var graphics = picture.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, format, out);
        return out.toByteArray();
    }

    private static ValidatableResponse predictJson(String image) {
        return given().contentType(ContentType.JSON).body("{\"instances\": [{\"image\": \"" + image + "\"}]}")
                .post("/api/systems/mean-colour/predict").then();
    }

    @Test
    void pngAndJpegAsBase64DataUrlOrUploadAreRead() throws IOException {
        predictJson(Base64.getEncoder().encodeToString(image("png", BufferedImage.TYPE_INT_RGB, 40, 20, Color.RED)))
                .statusCode(200).body("predictions[0].label", equalTo("red"));
        predictJson("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(image("jpeg", BufferedImage.TYPE_INT_RGB, 64, 64, Color.BLUE)))
                .statusCode(200).body("predictions[0].label", equalTo("blue"));
        given().multiPart("image", "green.png", image("png", BufferedImage.TYPE_INT_RGB, 8, 8, Color.GREEN), "image/png")
                .post("/api/systems/mean-colour/predict").then().statusCode(200)
                .body("system", equalTo("mean-colour"))
                .body("predictions[0].label", equalTo("green"));
    }

    @Test
    void grayscaleAndTransparentImagesAreConvertedNotRefused() throws IOException {
        // Gray: all three channels the same, so all three scores the same.
        predictJson(Base64.getEncoder().encodeToString(image("png", BufferedImage.TYPE_BYTE_GRAY, 16, 16, Color.GRAY)))
                .statusCode(200)
                .body("predictions[0].scores.red", near(1.0 / 3, 1e-6))
                .body("predictions[0].scores.blue", near(1.0 / 3, 1e-6));
        // Fully transparent: laid on white.
        predictJson(Base64.getEncoder().encodeToString(image("png", BufferedImage.TYPE_INT_ARGB, 16, 16, new Color(255, 0, 0, 0))))
                .statusCode(200)
                .body("predictions[0].scores.green", near(1.0 / 3, 1e-6));
    }

    @Test
    void badImagesGetAClear400() throws IOException {
        byte[] png = image("png", BufferedImage.TYPE_INT_RGB, 16, 16, Color.RED);
        predictJson(Base64.getEncoder().encodeToString("not an image at all".getBytes())).statusCode(400)
                .body("error", equalTo("instances[0].image: not a PNG or JPEG image"));
        predictJson(Base64.getEncoder().encodeToString(Arrays.copyOf(png, png.length / 2))).statusCode(400)
                .body("error", startsWith("instances[0].image: the image cannot be decoded (corrupt or truncated)"));
        predictJson(Base64.getEncoder().encodeToString(image("gif", BufferedImage.TYPE_INT_RGB, 8, 8, Color.RED))).statusCode(400)
                .body("error", equalTo("instances[0].image: a GIF image; expected PNG or JPEG"));
        // The tests' limit is 1,000,000 pixels; the header is read before any pixel is decoded.
        predictJson(Base64.getEncoder().encodeToString(image("png", BufferedImage.TYPE_BYTE_BINARY, 1001, 1000, Color.BLACK)))
                .statusCode(400).body("error", equalTo("instances[0].image: the image has 1001×1000 = 1001000 pixels,"
                        + " over the limit of 1000000 (modelgate.models.max-image-pixels)"));
        predictJson("%%%").statusCode(400).body("error", startsWith("instances[0].image: not base64"));
        predictJson("data:image/png,abc").statusCode(400)
                .body("error", equalTo("instances[0].image: a data URL must be base64, data:image/png;base64,…"));
        given().contentType(ContentType.JSON).body("{\"instances\": [{\"image\": 42}]}").post("/api/systems/mean-colour/predict")
                .then().statusCode(400).body("error", equalTo("instances[0].image: expected a string, got 42"));
        given().contentType(ContentType.JSON).body("{\"instances\": [{}]}").post("/api/systems/mean-colour/predict")
                .then().statusCode(400).body("error", startsWith("instances[0]: missing field 'image'"));
        given().multiPart("picture", "x.png", png, "image/png").post("/api/systems/mean-colour/predict").then()
                .statusCode(400).body("error", equalTo("multipart field 'image' is required: a PNG or JPEG file"));
        given().contentType(ContentType.TEXT).body("hello").post("/api/systems/mean-colour/predict").then()
                .statusCode(415).body("error", containsString("unsupported Content-Type"));
    }
}
