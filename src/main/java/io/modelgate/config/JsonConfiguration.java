package io.modelgate.config;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Reads NaN and Infinity as numbers (Python's json module writes them), so that a model that forbids
 * non-finite values can say so instead of the request failing as malformed JSON; refuses fractions
 * where whole numbers are expected; refuses a key given twice and anything after the end of the document,
 * which a lenient parser would settle silently (the last value winning, the rest ignored).
 */
@Singleton
public class JsonConfiguration implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        // A shape of [1.5, 4] is a mistake to report, not a 1 to guess.
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
