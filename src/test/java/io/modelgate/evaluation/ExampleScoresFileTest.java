package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An answer file keeps each answer's label probabilities, and one written before they were kept still reads. */
class ExampleScoresFileTest {

    @TempDir
    Path results;

    @Test
    void scoresAreWrittenAndReadBack() throws Exception {
        RunFiles files = new RunFiles(results);
        Files.createDirectories(results.resolve("runs"));
        files.append("run-1", new ExampleResult("penguins-3", "Adelie", "Adelie", false, 1.5, 0, 0, null, null, null,
                Map.of("Adelie", 0.9, "Chinstrap", 0.07, "Gentoo", 0.03)));
        String line = Files.readString(results.resolve("runs/run-1.jsonl"));
        assertTrue(line.contains("\"scores\":{"), line);
        assertEquals(0.9, files.results("run-1").get(0).scores().get("Adelie"), 0);
    }

    @Test
    void anOldLineWithoutScoresStillReads() throws Exception {
        Files.createDirectories(results.resolve("runs"));
        Files.writeString(results.resolve("runs/run-2.jsonl"), "{\"id\":\"penguins-325\",\"truth\":\"Chinstrap\",\"predicted\":\"Adelie\","
                + "\"invalid\":false,\"latency_ms\":299.038926,\"input_tokens\":70,\"output_tokens\":2,\"cost\":1.17E-5,"
                + "\"raw_answer\":\"Adelie\"}\n");
        List<ExampleResult> read = new RunFiles(results).results("run-2");
        assertEquals(1, read.size());
        assertEquals("Adelie", read.get(0).predicted());
        assertNull(read.get(0).scores());
    }
}
