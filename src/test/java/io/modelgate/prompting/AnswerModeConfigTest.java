package io.modelgate.prompting;

import io.modelgate.tasks.TaskRepository;
import io.quarkus.qute.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A prompt's answer mode is checked against its task and parameters when it is loaded. */
class AnswerModeConfigTest {

    private static final Engine QUTE = Engine.builder().addDefaults().build();

    @TempDir
    Path dir;
    private final TaskRepository tasks = new TaskRepository(() -> Path.of("tasks"), io.modelgate.TestFolders.dataSets());

    private PromptRepository.LoadedPrompt load(String task, String extra) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "name: p\ntask: " + task + "\nuser: 'Which?'\n" + extra + "\n");
        return PromptRepository.load(file, tasks, QUTE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            logprobs for a number     | weather  | mode: logprobs                                      | prompt 'p' has mode logprobs, which scores labels; task 'weather' is regression
            fewer candidates than labels | penguins | ~mode: logprobs\ntop-logprobs: 2~               | prompt 'p' asks for top-logprobs 2; expected from the number of labels (3) to 20
            more than OpenAI allows   | penguins | ~mode: logprobs\ntop-logprobs: 21~                  | prompt 'p' asks for top-logprobs 21; expected from the number of labels (3) to 20
            samples at temperature 0  | penguins | ~mode: self-consistency\nparameters: {temperature: 0}~ | prompt 'p' has mode self-consistency at temperature 0.0: samples at temperature 0 all say the same; set parameters.temperature above 0
            one sample                | penguins | ~mode: self-consistency\nsamples: 1\nparameters: {temperature: 0.7}~ | prompt 'p' asks for 1 samples; expected 2 to 100
            schema and json output    | penguins | ~mode: json_schema\noutput: {json: true}~           | prompt 'p' has mode json_schema and output json: the schema is the JSON format, leave output json out
            """)
    void aModeThatCannotWorkMakesThePromptUnusable(String what, String task, String extra, String problem) throws IOException {
        assertEquals(problem, load(task, extra).problem());
    }

    @Test
    void everyBundledPromptLoads() throws IOException {
        PromptRepository repository = new PromptRepository(new PromptsConfig() {
            @Override
            public Path dir() {
                return Path.of("prompts");
            }

            @Override
            public int maxInstances() {
                return 100;
            }
        }, tasks, QUTE);
        repository.all().forEach(prompt -> assertNull(prompt.problem(), prompt.name()));
        assertEquals(AnswerMode.LOGPROBS, repository.find("penguins-logprobs").orElseThrow().prompt().orElseThrow()
                .config().mode());
    }
}
