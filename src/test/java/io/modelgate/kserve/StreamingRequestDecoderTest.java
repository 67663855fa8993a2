package io.modelgate.kserve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming decoder may only make requests faster: whatever it decodes must equal what the general decoder
 * (the request as records, {@link TensorCodec}) gives, and whatever the general decoder refuses it must leave to it.
 * Checked on tables of hand-picked requests and on hundreds of thousands of generated and mutated ones.
 */
class StreamingRequestDecoderTest {

    private static final String TOKENS = "[]{},:\"-.e0123456789 ";

    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final StreamingRequestDecoder decoder = new StreamingRequestDecoder(json);

    @Test
    void aCommonRequestIsDecodedByTheStreamingPathIntoTheSameTensors() throws Exception {
        String body = "{\"id\": \"r1\", \"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                + " \"data\": [40.3, 18, 195, 3250]}], \"outputs\": [{\"name\": \"logits\"}]}";
        Optional<StreamingRequestDecoder.Decoded> decoded = decode(body);
        assertTrue(decoded.isPresent());
        assertEquals("r1", decoded.get().request().id());
        assertEquals("logits", decoded.get().request().outputs().get(0).name());
        assertEquals(general(body), decoded.get().inputs());
        assertEquals(40.3f, decoded.get().inputs().get(0).buffer().getFloat(0));
    }

    @Test
    void nestedDataAndEveryDatatypeDecodeAsTheGeneralPathDoes() throws Exception {
        List<String> bodies = List.of(
                input("x", "[2, 2]", "FP32", "[[1, 2.5], [\"NaN\", \"-Infinity\"]]"),
                input("x", "[3]", "FP64", "[1e308, -0.0, 3]"),
                input("x", "[2]", "FP16", "[1.5, 65504]"),
                input("x", "[4]", "INT8", "[-128, 127, 0, 5.0]"),
                input("x", "[2]", "UINT8", "[0, 255]"),
                input("x", "[2]", "INT16", "[-32768, 32767]"),
                input("x", "[2]", "INT32", "[-2147483648, 2147483647]"),
                input("x", "[2]", "INT64", "[-9223372036854775808, 9223372036854775807]"),
                input("x", "[1, 3]", "BOOL", "[[true, false, true]]"),
                input("x", "[2]", "BYTES", "[\"a\", \"é\"]"),
                input("x", "[0, 4]", "FP32", "[]"),
                input("x", "[2, 0]", "FP32", "[[], []]"));
        for (String body : bodies) {
            Optional<StreamingRequestDecoder.Decoded> decoded = decode(body);
            assertTrue(decoded.isPresent(), body);
            assertEquals(general(body), decoded.get().inputs(), body);
        }
    }

    @Test
    void requestsOfAnotherShapeAreLeftToTheGeneralPath() {
        List<String> bodies = List.of(
                "{\"inputs\": [{\"name\": \"x\", \"data\": [1], \"shape\": [1], \"datatype\": \"FP32\"}]}",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"parameters\": {\"binary_data_size\": 4}}]}",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}], \"extra\": 1}",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]} trailing",
                "{\"inputs\": [], \"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [\"1\"], \"datatype\": \"FP32\", \"data\": [1]}]}",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": 1}]}",
                "{\"inputs\": []}",
                "{}",
                "[]");
        for (String body : bodies) {
            assertFalse(decode(body).isPresent(), body);
        }
    }

    @Test
    void elementsTheGeneralPathRefusesAreNeverDecoded() {
        List<String> bodies = List.of(
                input("x", "[2]", "FP32", "[1]"),
                input("x", "[1]", "FP32", "[1, 2]"),
                input("x", "[1]", "FP32", "[\"one\"]"),
                input("x", "[1]", "INT8", "[128]"),
                input("x", "[1]", "UINT8", "[-1]"),
                input("x", "[1]", "INT32", "[1.5]"),
                input("x", "[1]", "INT64", "[9223372036854775808]"),
                input("x", "[1]", "BOOL", "[1]"),
                input("x", "[1]", "BYTES", "[1]"),
                input("x", "[2, 2]", "FP32", "[[1, 2], [3]]"),
                input("x", "[2, 2]", "FP32", "[[1, 2], 3, 4]"),
                input("x", "[4]", "FP32", "[1, [2], 3, 4]"),
                input("x", "[1]", "FP32", "[{\"a\": 1}]"),
                input("x", "[1]", "FP33", "[1]"),
                input("", "[1]", "FP32", "[1]"));
        for (String body : bodies) {
            assertFalse(decode(body).isPresent(), body);
        }
    }

    @Test
    void aShapeTheBodyCannotHoldIsLeftToTheGeneralDecoderWithoutAllocatingItsTensor() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long before = direct.getTotalCapacity();
        // 50 million FP32 elements (200 MB) declared in a body of 80 bytes.
        assertFalse(decode(input("x", "[50000000]", "FP32", "[1]")).isPresent());
        assertTrue(direct.getTotalCapacity() - before < 1_000_000,
                "direct buffers grew by " + (direct.getTotalCapacity() - before) + " bytes");
    }

    @Test
    void generatedRequestsDecodeToTheGeneralPathsTensorsOrAreLeftToIt() {
        Random random = new Random(13);
        int decodedCount = 0;
        for (int i = 0; i < 20_000; i++) {
            String body = randomRequest(random);
            decodedCount += agree(body) ? 1 : 0;
        }
        // Most generated requests are of the common shape: the fast path must take them, not only step aside.
        assertTrue(decodedCount > 8_000, "decoded " + decodedCount);
    }

    @Test
    void mutatedBytesOfValidRequestsNeverDecodeToOtherTensors() {
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = randomRequest(random).getBytes(StandardCharsets.UTF_8);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(bytes.length);
                bytes[at] = switch (random.nextInt(4)) {
                    case 0 -> (byte) random.nextInt(256);
                    case 1 -> (byte) TOKENS.charAt(random.nextInt(TOKENS.length()));
                    case 2 -> (byte) (bytes[at] + 1);
                    default -> (byte) ' ';
                };
            }
            agree(new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    /** True when the streaming path decoded the body; fails the test when it disagrees with the general path. */
    private boolean agree(String body) {
        Optional<StreamingRequestDecoder.Decoded> fast = decode(body);
        List<Tensor> general;
        try {
            general = general(body);
        } catch (java.io.IOException | RuntimeException e) {
            assertFalse(fast.isPresent(), () -> "the streaming path decoded a body the general path refuses ("
                    + e.getMessage() + "): " + body);
            return false;
        }
        if (fast.isPresent()) {
            assertEquals(general, fast.get().inputs(), body);
            return true;
        }
        return false;
    }

    private Optional<StreamingRequestDecoder.Decoded> decode(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length);
    }

    /** What the general path makes of the body: the request as records, each input through {@link TensorCodec}. */
    private List<Tensor> general(String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        InferenceRequest request = json.readValue(bytes, InferenceRequest.class);
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw new InvalidInputException("no inputs");
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < request.inputs().size(); i++) {
            tensors.add(TensorCodec.decode("m", i, request.inputs().get(i)));
        }
        return tensors;
    }

    private static String input(String name, String shape, String datatype, String data) {
        return "{\"inputs\": [{\"name\": \"" + name + "\", \"shape\": " + shape + ", \"datatype\": \"" + datatype
                + "\", \"data\": " + data + "}]}";
    }

    private static String randomRequest(Random random) {
        StringBuilder body = new StringBuilder("{");
        if (random.nextInt(4) == 0) {
            body.append("\"id\": \"r").append(random.nextInt(100)).append("\", ");
        }
        body.append("\"inputs\": [");
        int inputs = 1 + random.nextInt(2);
        for (int i = 0; i < inputs; i++) {
            if (i > 0) {
                body.append(", ");
            }
            DataType datatype = DataType.values()[random.nextInt(DataType.values().length)];
            long[] shape = new long[1 + random.nextInt(3)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = random.nextInt(4);
            }
            long count = Tensor.elementCount(shape);
            // Now and then one element too many or too few.
            long elements = random.nextInt(10) == 0 ? Math.max(0, count + random.nextInt(3) - 1) : count;
            List<String> values = new ArrayList<>();
            for (long e = 0; e < elements; e++) {
                values.add(randomElement(random, datatype));
            }
            String data = random.nextBoolean() && elements == count ? nest(values, shape, 0, new int[]{0})
                    : "[" + String.join(", ", values) + "]";
            body.append("{\"name\": \"x").append(i).append("\", \"shape\": ").append(java.util.Arrays.toString(shape))
                    .append(", \"datatype\": \"").append(datatype.name()).append("\", \"data\": ").append(data).append("}");
        }
        body.append("]");
        if (random.nextInt(4) == 0) {
            body.append(", \"outputs\": [{\"name\": \"y\"}]");
        }
        if (random.nextInt(8) == 0) {
            body.append(", \"parameters\": {\"binary_data_output\": false}");
        }
        return body.append("}").toString();
    }

    private static String nest(List<String> values, long[] shape, int depth, int[] next) {
        if (depth == shape.length) {
            return values.get(next[0]++);
        }
        List<String> parts = new ArrayList<>();
        for (long i = 0; i < shape[depth]; i++) {
            parts.add(nest(values, shape, depth + 1, next));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String randomElement(Random random, DataType datatype) {
        if (random.nextInt(25) == 0) {
            // Something of the wrong kind now and then.
            return List.of("true", "\"s\"", "1.5", "-1", "300", "1e400", "\"NaN\"", "null").get(random.nextInt(8));
        }
        return switch (datatype) {
            case BOOL -> random.nextBoolean() ? "true" : "false";
            case BYTES -> "\"" + "abcé\\n\\u0041".substring(0, random.nextInt(5)) + "\"";
            case UINT8 -> Integer.toString(random.nextInt(256));
            case INT8 -> Integer.toString(random.nextInt(256) - 128);
            case INT16 -> Integer.toString(random.nextInt(65536) - 32768);
            case INT32 -> Integer.toString(random.nextInt());
            case INT64 -> random.nextBoolean() ? Long.toString(random.nextLong()) : random.nextInt(100) + ".0";
            case FP16, FP32, FP64 -> switch (random.nextInt(5)) {
                case 0 -> Integer.toString(random.nextInt(1000) - 500);
                case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
                case 2 -> List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"").get(random.nextInt(3));
                case 3 -> Float.toString(random.nextFloat());
                default -> (random.nextInt(2000) - 1000) + "e" + (random.nextInt(60) - 30);
            };
        };
    }
}
