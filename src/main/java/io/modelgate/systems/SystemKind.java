package io.modelgate.systems;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What kind of thing a system is. The one place where a kind has its names: the one shown by the task API
 * and written to the ledger, and the platform the V2 metadata reports.
 */
public enum SystemKind {
    ONNX("onnx", "onnxruntime_onnx"),
    PROMPT("prompt", "llm-prompt"),
    SIMILARITY_FUNCTION("similarity-function", "similarity-function");

    private final String label;
    private final String platform;

    SystemKind(String label, String platform) {
        this.label = label;
        this.platform = platform;
    }

    /** The name in {@code GET /api/systems}, the ledger and the dashboard. */
    @JsonValue
    public String label() {
        return label;
    }

    /** The {@code platform} of the V2 model metadata. */
    public String platform() {
        return platform;
    }

    @Override
    public String toString() {
        return label;
    }
}
