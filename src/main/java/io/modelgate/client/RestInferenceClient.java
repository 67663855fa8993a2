package io.modelgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.kserve.BinaryTensors;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The V2 API over REST with the binary tensor data extension: the inputs' elements follow the JSON as raw bytes,
 * and the outputs are asked for the same way ({@code binary_data_output}), so no tensor goes through JSON numbers.
 */
public final class RestInferenceClient implements InferenceClient {

    private static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    /** @param base the server's root, such as {@code http://localhost:8080/} */
    public RestInferenceClient(URI base, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.timeout = timeout;
    }

    @Override
    public boolean live() {
        HttpResponse<byte[]> response = send(request("v2/health/live").GET());
        return response.statusCode() == 200 && read(response.body()).path("live").asBoolean();
    }

    @Override
    public boolean ready() {
        return send(request("v2/health/ready").GET()).statusCode() == 200;
    }

    @Override
    public ModelDescription metadata(String model) {
        JsonNode body = read(ok(send(request("v2/models/" + model).GET())).body());
        List<String> versions = new ArrayList<>();
        body.path("versions").forEach(v -> versions.add(v.asText()));
        return new ModelDescription(body.path("name").asText(), versions, body.path("platform").asText(),
                tensors(body.path("inputs")), tensors(body.path("outputs")));
    }

    @Override
    public List<Tensor> infer(String model, List<Tensor> inputs) {
        List<Map<String, Object>> described = new ArrayList<>();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        for (Tensor input : inputs) {
            byte[] bytes = BinaryTensors.encode(input);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", input.name());
            entry.put("shape", input.shape());
            entry.put("datatype", input.datatype().name());
            entry.put("parameters", Map.of("binary_data_size", bytes.length));
            described.add(entry);
            binary.writeBytes(bytes);
        }
        byte[] header = write(Map.of("inputs", described, "parameters", Map.of("binary_data_output", true)));
        ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + binary.size());
        body.writeBytes(header);
        body.writeBytes(binary.toByteArray());
        HttpResponse<byte[]> response = ok(send(request("v2/models/" + model + "/infer")
                .header("Content-Type", "application/octet-stream").header(HEADER_LENGTH, Integer.toString(header.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))));
        return outputs(model, response);
    }

    private List<Tensor> outputs(String model, HttpResponse<byte[]> response) {
        byte[] body = response.body();
        int length = response.headers().firstValue(HEADER_LENGTH).map(Integer::parseInt).orElse(body.length);
        JsonNode answer = read(ByteBuffer.wrap(body, 0, length));
        List<Tensor> outputs = new ArrayList<>();
        int offset = length;
        for (JsonNode output : answer.path("outputs")) {
            String name = output.path("name").asText();
            String where = "output '" + name + "' of model '" + model + "'";
            DataType datatype = DataType.ofName(output.path("datatype").asText()).orElseThrow(() ->
                    new InferenceClientException("UNKNOWN_DATATYPE", where + " has datatype " + output.path("datatype")));
            JsonNode size = output.at("/parameters/binary_data_size");
            if (!size.canConvertToInt() || offset + size.asInt() > body.length) {
                throw new InferenceClientException("NOT_BINARY", where + " did not come back as binary data");
            }
            outputs.add(BinaryTensors.decode(where, name, datatype, shape(output), ByteBuffer.wrap(body, offset, size.asInt())
                    .slice()));
            offset += size.asInt();
        }
        return outputs;
    }

    private static List<ModelDescription.TensorDescription> tensors(JsonNode tensors) {
        List<ModelDescription.TensorDescription> described = new ArrayList<>();
        for (JsonNode t : tensors) {
            described.add(new ModelDescription.TensorDescription(t.path("name").asText(), t.path("datatype").asText(),
                    shape(t)));
        }
        return described;
    }

    private static long[] shape(JsonNode tensor) {
        long[] shape = new long[tensor.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = tensor.path("shape").get(i).asLong();
        }
        return shape;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new InferenceClientException("cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceClientException("interrupted while calling " + base, e);
        }
    }

    /** The response, or the server's {@code {"error": …}} as an exception. */
    private HttpResponse<byte[]> ok(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            JsonNode error = read(response.body());
            throw new InferenceClientException(Integer.toString(response.statusCode()),
                    error.path("error").asText(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return response;
    }

    private JsonNode read(byte[] body) {
        return read(ByteBuffer.wrap(body));
    }

    private JsonNode read(ByteBuffer body) {
        try {
            return json.readTree(body.array(), body.arrayOffset() + body.position(), body.remaining());
        } catch (IOException e) {
            // Not JSON: an error page of a proxy, say. Its text is the message.
            return json.createObjectNode().put("error", new String(body.array(), body.arrayOffset() + body.position(),
                    body.remaining(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request as JSON", e);
        }
    }

    @Override
    public void close() {
        // HttpClient has no close before Java 21; its connections go with it.
    }
}
