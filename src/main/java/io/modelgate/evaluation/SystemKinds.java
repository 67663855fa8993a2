package io.modelgate.evaluation;

import io.modelgate.systems.SystemKind;

/** Which runs are of a trained model and which of a prompt, from the kind their ledger row names. */
final class SystemKinds {

    private SystemKinds() {
    }

    /** A trained model: an ONNX model (the kind a verdict sets against the prompts). */
    static boolean isModel(RunRecord run) {
        return SystemKind.ONNX.label().equals(run.kind());
    }

    static boolean isPrompt(RunRecord run) {
        return SystemKind.PROMPT.label().equals(run.kind());
    }
}
