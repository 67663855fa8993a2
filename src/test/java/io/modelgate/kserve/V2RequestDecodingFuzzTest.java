package io.modelgate.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelgate.ParserFuzz;
import io.modelgate.config.JsonConfiguration;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.Tensor;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Any body of a V2 JSON infer request is decoded into tensors, or refused as a client's mistake: an
 * {@link InvalidInputException} or Jackson's {@link JsonProcessingException}, both answered 400. Where the
 * streaming decoder takes a body, the general decoder (records, {@link TensorCodec}) gives the same tensors.
 */
class V2RequestDecodingFuzzTest {

    // As Quarkus configures the application's mapper: snake_case, unknown fields ignored, JsonConfiguration's rules.
    private final ObjectMapper json = mapper();
    private final StreamingRequestDecoder streaming = new StreamingRequestDecoder(json);

    @ParserFuzz
    void anyBodyIsDecodedOrRefusedAndBothDecodersAgree(byte[] body) {
        Optional<StreamingRequestDecoder.Decoded> fast = streaming.decode(body, 0, body.length);
        List<Tensor> general;
        try {
            InferenceBody read = InferenceBody.read("m", body, null, json);
            general = new JsonInferenceInputs("m", read, "v2").inputs();
        } catch (InvalidInputException | JsonProcessingException refused) {
            assertEquals(Optional.empty(), fast.map(StreamingRequestDecoder.Decoded::inputs),
                    "the streaming decoder took a body the general decoder refuses: " + refused.getMessage());
            return;
        } catch (java.io.IOException e) {
            throw new AssertionError("a byte array cannot fail to be read", e);
        }
        fast.ifPresent(decoded -> assertEquals(general, decoded.inputs()));
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JsonConfiguration().customize(mapper);
        return mapper;
    }
}
