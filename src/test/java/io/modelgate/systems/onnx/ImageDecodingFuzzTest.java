package io.modelgate.systems.onnx;

import io.modelgate.ParserFuzz;
import io.modelgate.errors.InvalidInputException;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Any bytes sent as an image field (CIFAR-10's {@code image}) are decoded and resized to the model's 32×32, or
 * refused with an {@link InvalidInputException}; the pixel limit keeps a declared size from allocating.
 */
class ImageDecodingFuzzTest {

    private static final long MAX_PIXELS = 4096 * 4096;

    @ParserFuzz
    void anyBytesAreAnImageOrRefusedAsNotOne(byte[] bytes) {
        BufferedImage image;
        try {
            image = ImageEncoder.read("instances[0].image", bytes, MAX_PIXELS);
        } catch (InvalidInputException refused) {
            return;
        }
        BufferedImage resized = ImageEncoder.resize(image, 32, 32);
        assertEquals(32, resized.getWidth());
    }
}
