package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.modelgate.config.Yaml;
import io.modelgate.data.Sha256;
import io.modelgate.errors.ApiException;
import io.modelgate.tasks.DataSetFile;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The prompt templates in the prompts folder, read once at start. A prompt that cannot be used (bad
 * YAML, unknown task, a template that does not parse, a few-shot example that is missing from the
 * training set or, worse, is in a test set) is kept with the reason, so it is shown, not silently lost.
 */
@ApplicationScoped
public class PromptRepository {

    private static final Logger LOG = Logger.getLogger(PromptRepository.class);

    /** A prompt file as read: the prompt when it can be used, else why not. */
    public record LoadedPrompt(String name, Optional<Prompt> prompt, String problem) {
    }

    private final Map<String, LoadedPrompt> prompts = new TreeMap<>();

    public PromptRepository(PromptsConfig config, TaskRepository tasks, Engine qute) {
        Path dir = config.dir();
        if (!Files.isDirectory(dir)) {
            LOG.warnf("the prompts folder %s is not a folder; no prompts are served", dir.toAbsolutePath());
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                LoadedPrompt prompt = load(file, tasks, qute);
                if (prompt.problem() != null) {
                    LOG.errorf("prompt %s cannot be used: %s", prompt.name(), prompt.problem());
                }
                prompts.put(prompt.name(), prompt);
            }
        } catch (IOException e) {
            LOG.errorf("cannot list the prompts folder %s: %s", dir, e.getMessage());
        }
    }

    public List<LoadedPrompt> all() {
        return List.copyOf(prompts.values());
    }

    public Optional<LoadedPrompt> find(String name) {
        return Optional.ofNullable(prompts.get(name));
    }

    static LoadedPrompt load(Path file, TaskRepository tasks, Engine qute) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".yaml".length());
        try {
            PromptConfig config = Yaml.MAPPER.readValue(file.toFile(), PromptConfig.class);
            if (config == null || !name.equals(config.name())) {
                return failed(name, file + " must name the prompt '" + name + "' after its file");
            }
            Task task = tasks.find(config.task()).orElseThrow(() -> new IllegalArgumentException(
                    "prompt '" + name + "' is for task '" + config.task() + "', which is not a usable task"));
            if (config.user() == null || config.user().isBlank()) {
                return failed(name, "prompt '" + name + "' has no user message");
            }
            if (config.imageField() != null && task.input(config.imageField()).isEmpty()) {
                return failed(name, "image-field '" + config.imageField() + "' is not a field of task '" + task.name() + "'");
            }
            String modeProblem = modeProblem(config, task);
            if (modeProblem != null) {
                return failed(name, "prompt '" + name + "' " + modeProblem);
            }
            FewShotExamples fewShot = fewShot(config, task, tasks);
            return new LoadedPrompt(name, Optional.of(new Prompt(config, task, qute.parse(config.system()),
                    qute.parse(config.user()), fewShot, Sha256.of(file))), null);
        } catch (JsonMappingException e) {
            return failed(name, file + " is invalid: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (at " + e.getPathReference() + ")");
        } catch (TemplateException e) {
            return failed(name, "a template of prompt '" + name + "' does not parse: " + e.getMessage());
        } catch (IOException | IllegalArgumentException | ApiException e) {
            return failed(name, e.getMessage());
        }
    }

    /**
     * The few-shot examples, from the named training or validation set: the listed ids, or k chosen by a strategy.
     * None may be in any of the task's test sets: a listed one makes the prompt unusable, and a strategy never
     * sees one (they are taken out of its pool).
     */
    private static FewShotExamples fewShot(PromptConfig config, Task task, TaskRepository tasks) {
        PromptConfig.FewShot fewShot = config.fewShot();
        if (fewShot == null || fewShot.ids().isEmpty() && fewShot.k() == null) {
            return FewShotExamples.none();
        }
        String from = fewShot.trainingSet();
        if (task.trainingSets().stream().map(DataSetFile::name).noneMatch(n -> n.equals(from))) {
            throw new IllegalArgumentException("few-shot examples of prompt '" + config.name() + "' must come from one of"
                    + " the training sets of task '" + task.name() + "' " + task.trainingSets().stream().map(DataSetFile::name).toList()
                    + ", not '" + from + "'");
        }
        Map<String, String> testIds = new java.util.HashMap<>();
        for (DataSetFile testSet : task.testSets()) {
            tasks.examples(task.name(), testSet.name()).forEach(example -> testIds.putIfAbsent(example.id(), testSet.name()));
        }
        if (!fewShot.ids().isEmpty()) {
            if (fewShot.k() != null || fewShot.strategy() != null) {
                throw new IllegalArgumentException("few-shot of prompt '" + config.name() + "' names ids and k or a"
                        + " strategy; expected either the ids, or k with a strategy (balanced or nearest)");
            }
            return FewShotExamples.fixed(listed(config, from, testIds, tasks.examples(task.name(), from), task));
        }
        int k = fewShot.k();
        if (k < 1 || k > 50 || fewShot.strategy() == null) {
            throw new IllegalArgumentException("few-shot of prompt '" + config.name() + "' asks for k = " + k
                    + (fewShot.strategy() == null ? " with no strategy" : "") + "; expected k from 1 to 50 and a strategy,"
                    + " balanced or nearest");
        }
        List<Example> pool = tasks.examples(task.name(), from).stream().filter(e -> !testIds.containsKey(e.id())).toList();
        if (pool.size() < k) {
            throw new IllegalArgumentException("few-shot of prompt '" + config.name() + "' asks for " + k + " examples;"
                    + " set '" + from + "' has only " + pool.size() + " outside the test sets");
        }
        return switch (fewShot.strategy()) {
            case BALANCED -> {
                if (task.type() != Task.Type.CLASSIFICATION) {
                    throw new IllegalArgumentException("few-shot strategy balanced of prompt '" + config.name()
                            + "' balances labels; task '" + task.name() + "' has none: use nearest");
                }
                yield FewShotExamples.balanced(task, pool, k);
            }
            case NEAREST -> FewShotExamples.nearest(task, pool, k);
        };
    }

    private static List<Example> listed(PromptConfig config, String from, Map<String, String> testIds,
                                        List<Example> set, Task task) {
        for (String id : config.fewShot().ids()) {
            if (testIds.containsKey(id)) {
                String testSet = testIds.get(id);
                throw new IllegalArgumentException("few-shot example '" + id + "' of prompt '" + config.name()
                        + "' is in test set '" + testSet + "': a test example must never be shown to the system");
            }
        }
        Map<String, Example> training = new TreeMap<>();
        set.forEach(example -> training.put(example.id(), example));
        List<Example> examples = new ArrayList<>();
        for (String id : config.fewShot().ids()) {
            Example example = training.get(id);
            if (example == null) {
                throw new IllegalArgumentException("few-shot example '" + id + "' of prompt '" + config.name()
                        + "' is not in training set '" + from + "'");
            }
            examples.add(example);
        }
        return examples;
    }

    /** Why the prompt's answer mode cannot be used with its task and parameters, or null. */
    static String modeProblem(PromptConfig config, Task task) {
        boolean classification = task.type() == Task.Type.CLASSIFICATION;
        return switch (config.mode()) {
            case TEXT -> null;
            case JSON_SCHEMA -> config.output().json() ? "has mode json_schema and output json: the schema is the JSON"
                    + " format, leave output json out" : null;
            case LOGPROBS -> {
                if (!classification) {
                    yield "has mode logprobs, which scores labels; task '" + task.name() + "' is " + task.type().name()
                            .toLowerCase(java.util.Locale.ROOT);
                }
                int k = config.topLogprobs() == null ? defaultTopLogprobs(task) : config.topLogprobs();
                yield k < task.labels().size() || k > PromptConfig.MAX_TOP_LOGPROBS
                        ? "asks for top-logprobs " + k + "; expected from the number of labels (" + task.labels().size()
                        + ") to " + PromptConfig.MAX_TOP_LOGPROBS : null;
            }
            case SELF_CONSISTENCY -> config.samples() < 2 || config.samples() > 100
                    ? "asks for " + config.samples() + " samples; expected 2 to 100"
                    : config.parameters().temperature() <= 0
                    ? "has mode self-consistency at temperature " + config.parameters().temperature()
                    + ": samples at temperature 0 all say the same; set parameters.temperature above 0" : null;
        };
    }

    /** The labels, at least 5 candidates and at most OpenAI's 20: room for the tokens that name no label. */
    static int defaultTopLogprobs(Task task) {
        return Math.min(PromptConfig.MAX_TOP_LOGPROBS, Math.max(5, task.labels().size()));
    }

    private static LoadedPrompt failed(String name, String problem) {
        return new LoadedPrompt(name, Optional.empty(), problem);
    }
}
