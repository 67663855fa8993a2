package io.modelgate.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.spectra.formats.SpectrumJson;
import io.modelgate.tasks.FieldCheck;
import io.modelgate.tasks.TaskInput;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks a task's spectrum fields: a spectrum in modelgate's JSON form, with a peak above intensity 0. */
@ApplicationScoped
public class SpectrumFieldCheck implements FieldCheck {

    private final int maxPeaks;

    public SpectrumFieldCheck(SpectraConfig config) {
        this.maxPeaks = config.maxPeaks();
    }

    @Override
    public TaskInput.Type type() {
        return TaskInput.Type.SPECTRUM;
    }

    @Override
    public void check(JsonNode value, String where) {
        SpectrumJson.readComparable(value, where, maxPeaks);
    }
}
