package io.modelgate.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the native-image configuration in step with ONNX Runtime: every Java class its JNI library
 * looks up or names in a signature must be registered for JNI, or the native executable fails at its
 * first inference. The classes are read from the library itself, so an ONNX Runtime upgrade that needs
 * a new one fails here, not in production.
 */
class NativeImageConfigTest {

    private static final Path CONFIG = Path.of("src/main/resources/META-INF/native-image/io.modelgate/modelgate");
    private static final String JNI_LIBRARY = "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";
    private static final Pattern CLASS = Pattern.compile("(?:^|L)((?:ai/onnxruntime|java/lang)/[A-Za-z0-9_$/]+)(?:;|$)");

    static Set<String> classesTheJniLibraryUses() throws IOException {
        byte[] library;
        try (InputStream in = NativeImageConfigTest.class.getClassLoader().getResourceAsStream(JNI_LIBRARY)) {
            assertNotNull(in, JNI_LIBRARY + " is not on the class path: is ONNX Runtime a dependency?");
            library = in.readAllBytes();
        }
        Set<String> classes = new TreeSet<>();
        // The printable runs of the binary, as strings(1) shows them: FindClass names and JNI signatures.
        for (String run : new String(library, StandardCharsets.ISO_8859_1).split("[^\\x20-\\x7e]+")) {
            for (String part : run.split("[();\\[]+")) {
                Matcher m = CLASS.matcher(part.endsWith("/") ? part : part + (part.startsWith("L") ? ";" : ""));
                if (m.find() && !m.group(1).endsWith("/")) {
                    classes.add(m.group(1).replace('/', '.'));
                }
            }
        }
        return classes;
    }

    @Test
    void everyClassTheJniLibraryUsesIsRegisteredForJni() throws IOException {
        Set<String> used = classesTheJniLibraryUses();
        assertTrue(used.contains("ai.onnxruntime.OnnxTensor") && used.contains("ai.onnxruntime.TensorInfo"),
                "reading the library found " + used);
        Set<String> registered = new TreeSet<>();
        for (JsonNode entry : new ObjectMapper().readTree(CONFIG.resolve("jni-config.json").toFile())) {
            registered.add(entry.get("name").asText());
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(registered);
        assertEquals(Set.of(), missing, "classes ONNX Runtime's JNI library uses but jni-config.json does not register");
    }

    @Test
    void everyOnnxRuntimeClassTheJniLibraryCreatesIsKeptForReflection() throws Exception {
        Class<?> registration = Class.forName("io.modelgate.serving.OnnxRuntimeNativeImage");
        Set<String> kept = new TreeSet<>();
        for (Class<?> target : registration.getAnnotation(io.quarkus.runtime.annotations.RegisterForReflection.class).targets()) {
            kept.add(target.getName());
        }
        Set<String> missing = new TreeSet<>(classesTheJniLibraryUses());
        missing.removeIf(name -> !name.startsWith("ai.onnxruntime."));
        missing.removeAll(kept);
        assertEquals(Set.of(), missing, "ONNX Runtime classes the JNI library uses but OnnxRuntimeNativeImage does not register");
    }

    @Test
    void nativeLibrariesAreIncludedAsResourcesAndOnnxRuntimeStartsAtRunTime() throws IOException {
        JsonNode includes = new ObjectMapper().readTree(CONFIG.resolve("resource-config.json").toFile()).at("/resources/includes");
        boolean covered = false;
        for (JsonNode include : includes) {
            covered |= JNI_LIBRARY.matches(include.get("pattern").asText())
                    && "ai/onnxruntime/native/linux-x64/libonnxruntime.so".matches(include.get("pattern").asText());
        }
        assertTrue(covered, "resource-config.json must include ONNX Runtime's native libraries");
        assertTrue(Files.readString(CONFIG.resolve("native-image.properties")).contains("--initialize-at-run-time=ai.onnxruntime"));
    }
}
