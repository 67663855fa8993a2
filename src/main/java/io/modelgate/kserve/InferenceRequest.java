package io.modelgate.kserve;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The KServe V2 inference request body. */
public record InferenceRequest(String id, Map<String, Object> parameters, List<RequestInput> inputs,
                               List<RequestOutput> outputs) {

    /** One input tensor: {@code data} holds its elements in row-major order, flat or nested. */
    public record RequestInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                               JsonNode data) {
    }

    /** An output the client wants back; the others are not computed. */
    public record RequestOutput(String name, Map<String, Object> parameters) {
    }
}
