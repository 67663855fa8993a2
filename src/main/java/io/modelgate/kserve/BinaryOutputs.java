package io.modelgate.kserve;

import java.util.Map;

/**
 * Which outputs go back as binary tensor data: those whose request output says {@code parameters.binary_data:
 * true}, or all when the request says {@code parameters.binary_data_output: true} (an output may still opt out
 * with {@code binary_data: false}).
 */
final class BinaryOutputs {

    static final String BINARY_DATA = "binary_data";
    static final String BINARY_DATA_OUTPUT = "binary_data_output";

    private BinaryOutputs() {
    }

    static boolean wanted(InferenceRequest request, String output) {
        if (request == null) {
            return false;
        }
        if (request.outputs() != null) {
            for (InferenceRequest.RequestOutput requested : request.outputs()) {
                if (requested != null && output.equals(requested.name()) && requested.parameters() != null
                        && requested.parameters().get(BINARY_DATA) instanceof Boolean binary) {
                    return binary;
                }
            }
        }
        Map<String, Object> parameters = request.parameters();
        return parameters != null && Boolean.TRUE.equals(parameters.get(BINARY_DATA_OUTPUT));
    }
}
