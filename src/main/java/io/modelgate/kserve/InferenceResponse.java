package io.modelgate.kserve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** The KServe V2 inference response body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceResponse(@JsonProperty("model_name") String modelName,
                                @JsonProperty("model_version") String modelVersion,
                                String id,
                                Map<String, Object> parameters,
                                List<ResponseOutput> outputs) {

    /**
     * One output tensor; {@code data} is flat, in row-major order, or absent when the output is sent as binary
     * data after the JSON ({@code parameters.binary_data_size} then gives its length).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseOutput(String name, long[] shape, String datatype, Map<String, Object> parameters, Object data) {
    }
}
