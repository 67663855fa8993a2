package io.modelgate.prompting.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * LLM answers on disk, one JSON file per key: the SHA-256 of the LLM's name, its model and the whole
 * request (rendered prompt and parameters). Files are written whole and moved into place, so a crash
 * never leaves half an answer to be read back.
 */
final class ResponseCache {

    private static final Logger LOG = Logger.getLogger(ResponseCache.class);

    private final Path dir;
    private final ObjectMapper json;

    ResponseCache(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    String key(String llm, String model, ChatCompletionRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((llm + "\n" + model + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }

    Optional<ChatCompletionResponse> get(String key) {
        Path file = dir.resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), ChatCompletionResponse.class));
        } catch (IOException e) {
            LOG.warnf("ignoring the unreadable cache entry %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    void put(String key, ChatCompletionResponse response) {
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, key, ".part");
            json.writeValue(partial.toFile(), response);
            Files.move(partial, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warnf("cannot cache an answer in %s: %s", dir, e.getMessage());
        }
    }
}
