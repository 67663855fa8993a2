package io.modelgate.serving;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Model repository configurations for unit tests that run without Quarkus. */
public final class TestConfigs {

    private TestConfigs() {
    }

    static ModelRepositoryConfig withProvider(ModelRepositoryConfig.ExecutionProvider provider) {
        return repository(Path.of("models"), provider, 16);
    }

    /** A repository of {@code dir}, its models run by {@code provider}, at most {@code maxBatchSize} rows a request. */
    public static ModelRepositoryConfig repository(Path dir, ModelRepositoryConfig.ExecutionProvider provider,
                                                   int maxBatchSize) {
        return new ModelRepositoryConfig() {
            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public Optional<Duration> pollInterval() {
                return Optional.empty();
            }

            @Override
            public ExecutionProvider executionProvider() {
                return provider;
            }

            @Override
            public int cudaDeviceId() {
                return 0;
            }

            @Override
            public int intraOpThreads() {
                return 1;
            }

            @Override
            public int interOpThreads() {
                return 1;
            }

            @Override
            public int maxConcurrency() {
                return 2;
            }

            @Override
            public java.time.Duration inlineComputeLimit() {
                return java.time.Duration.ofMillis(1);
            }

            @Override
            public long maxImagePixels() {
                return 1_000_000;
            }

            @Override
            public int maxBatchSize() {
                return maxBatchSize;
            }

            @Override
            public boolean strictReadiness() {
                return true;
            }
        };
    }
}
