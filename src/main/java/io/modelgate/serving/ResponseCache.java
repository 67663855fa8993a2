package io.modelgate.serving;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One model version's answers, by the SHA-256 of what decides them: model, version, requested outputs, and each
 * input's name, datatype, shape and bytes. Size-bounded (Caffeine, least recently and frequently used go first);
 * dropped with its version.
 */
final class ResponseCache {

    private final Cache<String, List<Tensor>> answers;

    private ResponseCache(Cache<String, List<Tensor>> answers) {
        this.answers = answers;
    }

    /** The cache a {@code response-cache} block asks for, empty when there is none. */
    static Optional<ResponseCache> of(ModelConfig config) throws ModelLoadException {
        ResponseCacheConfig cache = config.responseCache();
        if (cache == null) {
            return Optional.empty();
        }
        String where = "model '" + config.name() + "': response-cache.";
        if ((cache.maxEntries() == null) == (cache.maxBytes() == null)) {
            throw new ModelLoadException(where + "max-entries or response-cache.max-bytes must be given, not both or neither");
        }
        if (cache.maxEntries() != null) {
            if (cache.maxEntries() < 1) {
                throw new ModelLoadException(where + "max-entries must be at least 1, got " + cache.maxEntries());
            }
            return Optional.of(new ResponseCache(Caffeine.newBuilder().maximumSize(cache.maxEntries()).build()));
        }
        if (cache.maxBytes() < 1) {
            throw new ModelLoadException(where + "max-bytes must be at least 1, got " + cache.maxBytes());
        }
        return Optional.of(new ResponseCache(Caffeine.newBuilder().maximumWeight(cache.maxBytes())
                .<String, List<Tensor>>weigher((key, outputs) -> weight(outputs)).build()));
    }

    /** The key of a request: a hex SHA-256, so a key costs 64 characters whatever the inputs weigh. */
    static String key(ModelMetadata model, List<Tensor> inputs, List<String> outputs) {
        MessageDigest digest = sha256();
        text(digest, model.name());
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, model.version()));
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, outputs.size()));
        outputs.forEach(output -> text(digest, output));
        List<Tensor> byName = inputs.stream().sorted(Comparator.comparing(Tensor::name)).toList();
        for (Tensor input : byName) {
            text(digest, input.name());
            text(digest, input.datatype().name());
            ByteBuffer shape = ByteBuffer.allocate(Integer.BYTES + Long.BYTES * input.shape().length);
            shape.putInt(input.shape().length);
            for (long dimension : input.shape()) {
                shape.putLong(dimension);
            }
            digest.update(shape.flip());
            if (input.datatype() == DataType.BYTES) {
                input.strings().forEach(s -> text(digest, s));
            } else {
                digest.update(input.buffer().duplicate().clear());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A kept answer; its buffers are the caller's to read (positions of their own), never to write. */
    Optional<List<Tensor>> get(String key) {
        return Optional.ofNullable(answers.getIfPresent(key)).map(ResponseCache::readable);
    }

    void put(String key, List<Tensor> outputs) {
        answers.put(key, readable(outputs));
    }

    void clear() {
        answers.invalidateAll();
    }

    long size() {
        answers.cleanUp();
        return answers.estimatedSize();
    }

    private static List<Tensor> readable(List<Tensor> outputs) {
        return outputs.stream().map(t -> t.datatype() == DataType.BYTES ? t
                : Tensor.numeric(t.name(), t.datatype(), t.shape(),
                        t.buffer().asReadOnlyBuffer().clear().order(ByteOrder.nativeOrder()))).toList();
    }

    private static int weight(List<Tensor> outputs) {
        long bytes = 0;
        for (Tensor t : outputs) {
            bytes += t.datatype() == DataType.BYTES
                    ? t.strings().stream().mapToLong(s -> 2L * s.length()).sum()
                    : t.buffer().capacity();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") hash apart. */
    private static void text(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, bytes.length));
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
