package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.data.Sha256;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.TaskRepository;
import io.quarkus.qute.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Few-shot examples chosen by a strategy: from a training or validation set, never from a test set. */
class FewShotSelectionTest {

    private static final Engine QUTE = Engine.builder().addDefaults().build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "name: p\ntask: penguins\nuser: 'Bill {bill_length_mm} mm. Species?'\n";

    @TempDir
    Path dir;
    private final TaskRepository penguins = new TaskRepository(() -> Path.of("tasks"), io.modelgate.TestFolders.dataSets());

    private PromptRepository.LoadedPrompt load(String yaml, TaskRepository tasks) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        return PromptRepository.load(file, tasks, QUTE);
    }

    private Prompt prompt(String yaml) throws IOException {
        PromptRepository.LoadedPrompt loaded = load(yaml, penguins);
        assertNull(loaded.problem());
        return loaded.prompt().orElseThrow();
    }

    private static JsonNode penguin(double bill, double depth, double flipper, double mass) {
        return JSON.createObjectNode().put("bill_length_mm", bill).put("bill_depth_mm", depth)
                .put("flipper_length_mm", flipper).put("body_mass_g", mass);
    }

    @Test
    void balancedTakesTheLabelsInTurnFromTheValidationSet() throws IOException {
        Prompt prompt = prompt(HEADER + "few-shot: {training-set: penguins-validation, k: 6, strategy: balanced}\n");
        List<Example> shown = prompt.fewShot().forInstance(penguin(40, 18, 190, 3500));
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo", "Adelie", "Chinstrap", "Gentoo"),
                shown.stream().map(e -> e.target().asText()).toList());
        Set<String> validation = penguins.examples("penguins", "penguins-validation").stream().map(Example::id)
                .collect(Collectors.toSet());
        assertTrue(shown.stream().allMatch(e -> validation.contains(e.id())), shown.toString());
        assertFalse(prompt.fewShot().perInstance());
    }

    @Test
    void nearestShowsTheClosestExamplesOfEachInstanceClosestLast() throws IOException {
        Prompt prompt = prompt(HEADER + "few-shot: {training-set: penguins-validation, k: 3, strategy: nearest}\n");
        List<Example> forGentoo = prompt.fewShot().forInstance(penguin(49.6, 15, 216, 4750));
        List<Example> forAdelie = prompt.fewShot().forInstance(penguin(38.5, 18.5, 188, 3600));
        assertEquals(3, forGentoo.size());
        assertTrue(forGentoo.stream().allMatch(e -> e.target().asText().equals("Gentoo")), forGentoo.toString());
        assertTrue(forAdelie.stream().allMatch(e -> !e.target().asText().equals("Gentoo")), forAdelie.toString());
        assertNotEquals(forGentoo, forAdelie);
        JsonNode gentoo = penguin(49.6, 15, 216, 4750);
        double last = distance(gentoo, forGentoo.get(2).instance());
        assertTrue(distance(gentoo, forGentoo.get(0).instance()) >= last, "the nearest example comes last");
        // The rendered request carries the examples as turns before the question.
        assertEquals(1 + 3 * 2, PromptRenderer.render(prompt, gentoo).request().messages().size());
    }

    private static double distance(JsonNode a, JsonNode b) {
        double sum = 0;
        for (String field : List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")) {
            sum += Math.abs(a.get(field).asDouble() - b.get(field).asDouble());
        }
        return sum;
    }

    /** A task whose training file holds test rows too: a strategy must never pick one of them. */
    private TaskRepository overlappingTask() throws IOException {
        Path folder = dir.resolve("tasks/birds");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("test.csv"), "id,species,size\nb-1,owl,30\nb-2,wren,10\nb-3,owl,32\n");
        Files.writeString(folder.resolve("train.csv"),
                "id,species,size\nb-1,owl,30\nb-2,wren,10\nb-4,owl,31\nb-5,wren,11\nb-6,owl,29\n");
        Files.writeString(folder.resolve("task.yaml"), """
                name: birds
                type: classification
                inputs:
                  - {name: size, type: number}
                target: species
                labels: [owl, wren]
                test-sets:
                  - {name: birds-test, file: test.csv, sha256: %s}
                training-sets:
                  - {name: birds-train, file: train.csv, sha256: %s}
                """.formatted(Sha256.of(folder.resolve("test.csv")), Sha256.of(folder.resolve("train.csv"))));
        return new TaskRepository(() -> dir.resolve("tasks"), io.modelgate.TestFolders.dataSets());
    }

    @Test
    void aTestSetExampleIsNeverChosenEvenWhenTheTrainingFileHoldsIt() throws IOException {
        TaskRepository birds = overlappingTask();
        String header = "name: p\ntask: birds\nuser: 'A bird of {size} cm?'\n";
        for (String strategy : List.of("balanced", "nearest")) {
            PromptRepository.LoadedPrompt loaded = load(header + "few-shot: {training-set: birds-train, k: 3, strategy: "
                    + strategy + "}\n", birds);
            assertNull(loaded.problem(), strategy);
            FewShotExamples fewShot = loaded.prompt().orElseThrow().fewShot();
            for (double size : new double[]{10, 30, 31}) {
                List<String> ids = fewShot.forInstance(JSON.createObjectNode().put("size", size)).stream()
                        .map(Example::id).toList();
                assertEquals(Set.of("b-4", "b-5", "b-6"), Set.copyOf(ids), strategy + " for size " + size);
            }
        }
        PromptRepository.LoadedPrompt tooMany = load(header + "few-shot: {training-set: birds-train, k: 4, strategy: nearest}\n",
                birds);
        assertEquals("few-shot of prompt 'p' asks for 4 examples; set 'birds-train' has only 3 outside the test sets",
                tooMany.problem());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ids and k          | few-shot: {training-set: penguins-train, ids: [penguins-1], k: 2, strategy: balanced} | names ids and k or a strategy
            k without strategy | few-shot: {training-set: penguins-train, k: 2}                                       | asks for k = 2 with no strategy
            k of 0             | few-shot: {training-set: penguins-train, k: 0, strategy: nearest}                    | asks for k = 0; expected k from 1 to 50
            unknown strategy   | few-shot: {training-set: penguins-train, k: 2, strategy: random}                     | is invalid
            from the test set  | few-shot: {training-set: penguins-test, k: 2, strategy: balanced}                    | must come from one of the training sets
            """)
    void aStrategyThatCannotWorkMakesThePromptUnusable(String what, String extra, String problem) throws IOException {
        PromptRepository.LoadedPrompt loaded = load(HEADER + extra + "\n", penguins);
        assertTrue(loaded.prompt().isEmpty(), what);
        assertTrue(loaded.problem().contains(problem), loaded.problem());
    }
}
