package io.modelgate.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dynamic-batching and response-cache blocks of model.yaml: defaults, and the load errors that name model and key. */
class BatchingConfigTest {

    private static ModelMetadata metadata(long[] inputShape, int maxBatchSize) {
        TensorSpec x = new TensorSpec("x", DataType.FP32, inputShape, List.of(), null, false, null);
        TensorSpec y = new TensorSpec("y", DataType.FP32, new long[]{-1, 2}, List.of(), null, false, null);
        return new ModelMetadata("m", 1, null, "", List.of(x), List.of(y), List.of(), maxBatchSize, "CPUExecutionProvider",
                "0", Map.of());
    }

    private static ModelConfig config(DynamicBatchingConfig batching, ResponseCacheConfig cache) {
        return new ModelConfig("m", 1L, null, null, null, null, null, null, null, batching, cache);
    }

    @Test
    void anEmptyBlockTakesTheDefaults() throws Exception {
        BatchingPolicy policy = BatchingPolicy.resolve(config(new DynamicBatchingConfig(null, null, null, null, null), null),
                metadata(new long[]{-1, 2}, 1024)).orElseThrow();
        assertEquals(new BatchingPolicy(64, List.of(), Duration.ZERO, 1024, Duration.ofSeconds(30)), policy);
    }

    @Test
    void theDefaultMaxBatchSizeIsCappedByTheModels() throws Exception {
        BatchingPolicy policy = BatchingPolicy.resolve(config(new DynamicBatchingConfig(null, null, null, null, null), null),
                metadata(new long[]{-1, 2}, 8)).orElseThrow();
        assertEquals(8, policy.maxBatchSize());
    }

    @Test
    void noBlockMeansNoBatching() throws Exception {
        assertTrue(BatchingPolicy.resolve(config(null, null), metadata(new long[]{-1, 2}, 8)).isEmpty());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "500us | PT0.0005S",
            "2ms   | PT0.002S",
            "1s    | PT1S",
            "0     | PT0S",
    })
    void durationsAreWrittenInMicrosecondsMillisecondsOrSeconds(String text, String expected) throws Exception {
        assertEquals(Duration.parse(expected), BatchingPolicy.duration("k", text, Duration.ofDays(1)));
    }

    @ParameterizedTest(name = "{5}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "-    | -  | 2ms  | -  | abc   | model 'm': dynamic-batching.queue-timeout must be a whole number followed by us, ms or s (500us, 2ms, 1s) or 0, got 'abc'",
            "-    | -  | 2 ms | -  | -    | model 'm': dynamic-batching.max-queue-delay must be a whole number followed by us, ms or s (500us, 2ms, 1s) or 0, got '2 ms'",
            "-    | -  | 1.5s | -  | -    | model 'm': dynamic-batching.max-queue-delay must be a whole number followed by us, ms or s (500us, 2ms, 1s) or 0, got '1.5s'",
            "0     | -  | -   | -  | -    | model 'm': dynamic-batching.max-batch-size must be from 1 to the model's max-batch-size (16), got 0",
            "17    | -  | -   | -  | -    | model 'm': dynamic-batching.max-batch-size must be from 1 to the model's max-batch-size (16), got 17",
            "8     | 16  | -   | -  | -    | model 'm': dynamic-batching.preferred-batch-sizes must each be from 1 to max-batch-size (8), got 16",
            "-    | -  | -   | 0   | -    | model 'm': dynamic-batching.max-queue-size must be at least 1, got 0",
    })
    void aBadValueStopsTheLoadNamingTheModelAndTheKey(String maxBatch, String preferred, String delay, String queueSize,
                                                       String timeout, String reason) {
        DynamicBatchingConfig batching = new DynamicBatchingConfig(maxBatch.equals("-") ? null : Integer.valueOf(maxBatch),
                preferred.equals("-") ? null : List.of(Integer.valueOf(preferred)), delay.equals("-") ? null : delay,
                queueSize.equals("-") ? null : Integer.valueOf(queueSize), timeout.equals("-") ? null : timeout);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> BatchingPolicy.resolve(config(batching, null), metadata(new long[]{-1, 2}, 16)));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void anInputWithAFixedFirstDimensionCannotBeBatched() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> BatchingPolicy.resolve(
                config(new DynamicBatchingConfig(null, null, null, null, null), null), metadata(new long[]{2, 2}, 16)));
        assertEquals("model 'm' has dynamic-batching, but input 'x' has the shape [2,2]: every input's first dimension"
                + " must be -1 (the batch)", e.getMessage());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "''  | ''  | model 'm': response-cache.max-entries or response-cache.max-bytes must be given, not both or neither",
            "10  | 10  | model 'm': response-cache.max-entries or response-cache.max-bytes must be given, not both or neither",
            "0   | ''  | model 'm': response-cache.max-entries must be at least 1, got 0",
            "''  | -1  | model 'm': response-cache.max-bytes must be at least 1, got -1",
    })
    void aBadResponseCacheStopsTheLoad(String entries, String bytes, String reason) {
        ResponseCacheConfig cache = new ResponseCacheConfig(entries.isEmpty() ? null : Long.valueOf(entries),
                bytes.isEmpty() ? null : Long.valueOf(bytes));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ResponseCache.of(config(null, cache)));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void theBlocksAreReadFromYamlInKebabCase() throws Exception {
        ModelConfig config = io.modelgate.config.Yaml.MAPPER.readValue("name: m\n"
                + "dynamic-batching: {max-batch-size: 8, preferred-batch-sizes: [4, 8], max-queue-delay: 2ms,"
                + " max-queue-size: 5, queue-timeout: 1s}\n"
                + "response-cache: {max-entries: 3}\n", ModelConfig.class);
        assertEquals(new DynamicBatchingConfig(8, List.of(4, 8), "2ms", 5, "1s"), config.dynamicBatching());
        assertEquals(new ResponseCacheConfig(3L, null), config.responseCache());
    }

    @Test
    void aMisspelledKeyInTheBlockFailsTheLoad() {
        Exception e = assertThrows(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
                () -> io.modelgate.config.Yaml.MAPPER.readValue("name: m\ndynamic-batching: {max-queue-dealy: 2ms}\n",
                        ModelConfig.class));
        assertTrue(e.getMessage().contains("\"max-queue-dealy\""), e.getMessage());
    }
}
