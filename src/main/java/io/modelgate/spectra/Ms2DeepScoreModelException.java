package io.modelgate.spectra;

/**
 * A model that does not follow ms2deepscore's ONNX format: its {@code settings} metadata is missing or
 * invalid, or its inputs and outputs do not match them. The message names the setting, input or output
 * and what was expected; whoever loads the model reports it as the reason the model cannot be served.
 */
public final class Ms2DeepScoreModelException extends RuntimeException {

    public Ms2DeepScoreModelException(String message) {
        super(message);
    }

    public Ms2DeepScoreModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
