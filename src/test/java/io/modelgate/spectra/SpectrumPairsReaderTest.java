package io.modelgate.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.TestFolders;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.TaskRepository;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spectrum-pairs test set of the fixture task pesticide-pairs, read through the task repository. */
class SpectrumPairsReaderTest {

    private static TaskRepository repository(List<io.modelgate.tasks.ExampleSetReader> readers) {
        return new TaskRepository(() -> TestFolders.FIXTURE_TASKS, TestFolders.dataSets(), readers);
    }

    @Test
    void readsEveryPairWithBothSpectraAndTheTargetButNoStructure() {
        List<Example> examples = repository(List.of(new SpectrumPairsReader()))
                .examples("pesticide-pairs", "pesticide-pairs-test");

        assertEquals(30, examples.size());
        for (Example example : examples) {
            assertTrue(example.target().isNumber(), example.id());
            for (String field : List.of("spectrum_a", "spectrum_b")) {
                JsonNode spectrum = example.instance().get(field);
                assertTrue(spectrum.get("mz").size() > 0, example.id() + " " + field);
                Set<String> shown = new TreeSet<>();
                spectrum.get("metadata").fieldNames().forEachRemaining(shown::add);
                assertTrue(SpectrumPairsReader.SHOWN.containsAll(shown), shown.toString());
                assertFalse(shown.contains("smiles") || shown.contains("inchikey"), shown.toString());
            }
        }
    }

    @Test
    void withoutTheReaderTheSetIsRefusedForItsFormat() {
        TaskRepository.FileCheck check = repository(List.of()).get("pesticide-pairs").files().get(0);

        assertFalse(check.verified());
        assertEquals("format 'spectrum-pairs' is not one of [rows, image-archive]", check.problem());
    }
}
