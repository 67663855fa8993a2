package io.modelgate.systems.onnx;

import io.modelgate.serving.DataType;
import io.modelgate.serving.ImageConfig;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.Tensor;
import io.modelgate.serving.TensorSpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns image fields (PNG or JPEG, base64 or a data URL) into an image model's input tensor, as the
 * input's {@link ImageConfig} says: RGB (grayscale expanded, transparency laid on white), resized,
 * scaled and normalised per channel. Every image that cannot be read is a 400 naming the instance.
 */
final class ImageEncoder {

    private static final Set<String> FORMATS = Set.of("png", "jpeg");

    private ImageEncoder() {
    }

    static Tensor encode(ModelMetadata model, TensorSpec input, List<JsonNode> instances, long maxPixels) {
        ImageConfig image = input.image();
        if (instances.size() > model.maxBatchSize()) {
            throw new InvalidInputException("at most " + model.maxBatchSize() + " instances per request for model '"
                    + model.name() + "', got " + instances.size());
        }
        int width = image.width();
        int height = image.height();
        int perImage = 3 * width * height;
        ByteBuffer buffer = Tensor.allocate(DataType.FP32, (long) instances.size() * perImage);
        for (int row = 0; row < instances.size(); row++) {
            JsonNode value = instances.get(row).get(image.field());
            String where = "instances[" + row + "]." + image.field();
            if (value == null || value.isNull()) {
                throw new InvalidInputException("instances[" + row + "]: missing field '" + image.field()
                        + "' (a PNG or JPEG image, base64 or a data URL)");
            }
            if (!value.isTextual()) {
                throw new InvalidInputException(where + ": expected a PNG or JPEG image as base64 or a data URL, got "
                        + value.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            BufferedImage rgb = resize(read(where, bytes(where, value.textValue()), maxPixels), width, height);
            write(buffer, row * perImage, rgb, image);
        }
        long[] shape = image.channelsFirst() ? new long[]{instances.size(), 3, height, width}
                : new long[]{instances.size(), height, width, 3};
        if (input.datatype() != DataType.FP32) {
            throw new InvalidInputException("model '" + model.name() + "' takes " + input.datatype()
                    + " images; the task API fills FP32 only: send tensors to POST /v2/models/" + model.name() + "/infer");
        }
        return Tensor.numeric(input.name(), DataType.FP32, shape, buffer);
    }

    private static byte[] bytes(String where, String text) {
        String base64 = text;
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            if (comma < 0 || !text.substring(0, comma).endsWith(";base64")) {
                throw new InvalidInputException(where + ": a data URL must be base64, data:image/png;base64,…");
            }
            base64 = text.substring(comma + 1);
        }
        try {
            // Line breaks are allowed (base64 tools wrap lines); anything else that is not base64 is an error.
            return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": not base64: " + e.getMessage());
        }
    }

    /** Reads the image after checking its format and size from its header, before decoding any pixel. */
    static BufferedImage read(String where, byte[] bytes, long maxPixels) {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = stream == null ? null : ImageIO.getImageReaders(stream);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException(where + ": not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new InvalidInputException(where + ": a " + format.toUpperCase(Locale.ROOT)
                            + " image; expected PNG or JPEG");
                }
                reader.setInput(stream, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new InvalidInputException(where + ": the image has " + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + " = " + pixels + " pixels, over the limit of " + maxPixels + " (modelgate.models.max-image-pixels)");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(where + ": the image cannot be decoded (corrupt or truncated): " + e.getMessage());
        }
    }

    /** RGB at the model's size: transparency laid on white, grayscale and palettes expanded. */
    static BufferedImage resize(BufferedImage source, int width, int height) {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            graphics.drawImage(source, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }

    private static void write(ByteBuffer buffer, int start, BufferedImage rgb, ImageConfig image) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int pixel = rgb.getRGB(x, y);
                int[] channels = {(pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff};
                for (int c = 0; c < 3; c++) {
                    float value = (float) ((channels[c] * image.scale() - image.mean().get(c)) / image.std().get(c));
                    int index = image.channelsFirst() ? c * height * width + y * width + x : (y * width + x) * 3 + c;
                    buffer.putFloat((start + index) * 4, value);
                }
            }
        }
    }
}
