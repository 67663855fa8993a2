package io.modelgate.systems;

import java.util.List;

/** A system's answers to a batch of instances, and the version of the system that gave them. */
public record Predictions(String version, List<Prediction> predictions) {
}
