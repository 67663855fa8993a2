package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.tasks.TaskRepository;
import io.quarkus.qute.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading prompt templates, with the committed penguins task, and rendering one with an image. */
class PromptRepositoryTest {

    private static final Engine QUTE = Engine.builder().addDefaults().build();
    private static final String HEADER = "name: p\ntask: penguins\nuser: 'Bill {bill_length_mm} mm. Species?'\n";

    @TempDir
    Path dir;
    private final TaskRepository penguins = new TaskRepository(() -> Path.of("tasks"), io.modelgate.TestFolders.dataSets());

    private PromptRepository.LoadedPrompt load(String yaml) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        return PromptRepository.load(file, penguins, QUTE);
    }

    @Test
    void fewShotExamplesAreReadFromTheTrainingSetInTheirOrder() throws IOException {
        PromptRepository.LoadedPrompt loaded = load(HEADER + "few-shot: {training-set: penguins-train, ids: [penguins-277, penguins-1]}\n");
        assertNull(loaded.problem());
        Prompt prompt = loaded.prompt().orElseThrow();
        assertEquals(2, prompt.fewShot().size());
        assertEquals("Chinstrap", prompt.fewShot().fixedExamples().get(0).target().asText());
        assertEquals(39.1, prompt.fewShot().fixedExamples().get(1).instance().get("bill_length_mm").asDouble());
        assertTrue(prompt.sha256().matches("[0-9a-f]{64}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            example from the test set | few-shot: {training-set: penguins-train, ids: [penguins-3]}       | few-shot example 'penguins-3' of prompt 'p' is in test set 'penguins-test': a test example must never be shown to the system
            example not in the set    | few-shot: {training-set: penguins-train, ids: [penguins-9999]}    | few-shot example 'penguins-9999' of prompt 'p' is not in training set 'penguins-train'
            a test set as source      | few-shot: {training-set: penguins-test, ids: [penguins-1]}        | few-shot examples of prompt 'p' must come from one of the training sets of task 'penguins' [penguins-train, penguins-validation], not 'penguins-test'
            a typo in a key           | few_shot: {}                                                      | is invalid: Unrecognized field "few_shot"
            """)
    void unusablePromptIsKeptWithItsReason(String what, String extra, String problem) throws IOException {
        PromptRepository.LoadedPrompt loaded = load(HEADER + extra + "\n");
        assertTrue(loaded.prompt().isEmpty());
        assertTrue(loaded.problem().contains(problem), loaded.problem());
    }

    @Test
    void unknownTaskNameMismatchAndBrokenTemplateAreReasons() throws IOException {
        assertTrue(load("name: p\ntask: whales\nuser: hi\n").problem().contains("task 'whales', which is not a usable task"));
        assertTrue(load("name: q\ntask: penguins\nuser: hi\n").problem().contains("must name the prompt 'p' after its file"));
        assertTrue(load("name: p\ntask: penguins\nuser: '{#if island}open'\n").problem().contains("does not parse"));
        assertTrue(load("name: p\ntask: penguins\n").problem().contains("has no user message"));
    }

    @Test
    void imageFieldIsSentAsImageContentNextToTheText() throws IOException {
        Path tasks = dir.resolve("tasks/pets");
        Files.createDirectories(tasks);
        Files.writeString(tasks.resolve("task.yaml"), """
                name: pets
                type: classification
                inputs:
                  - {name: image, type: image}
                target: label
                labels: [cat, dog]
                """);
        Path file = dir.resolve("pets-zero-shot.yaml");
        Files.writeString(file, """
                name: pets-zero-shot
                task: pets
                user: 'Which one of these is in the picture: {label_list}?'
                image-field: image
                """);
        Prompt prompt = PromptRepository.load(file, new TaskRepository(() -> dir.resolve("tasks"), io.modelgate.TestFolders.dataSets()), QUTE).prompt().orElseThrow();
        byte[] png = Files.readAllBytes(Path.of("src/test/resources/images/red-square.png"));
        JsonNode instance = new ObjectMapper().createObjectNode().put("image", Base64.getEncoder().encodeToString(png));

        JsonNode sent = new ObjectMapper().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE).valueToTree(PromptRenderer.render(prompt, instance).request());
        JsonNode content = sent.at("/messages/0/content");
        assertEquals("text", content.get(0).get("type").asText());
        assertEquals("Which one of these is in the picture: cat, dog?", content.get(0).get("text").asText());
        assertEquals("image_url", content.get(1).get("type").asText());
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                content.get(1).at("/image_url/url").asText());
    }
}
