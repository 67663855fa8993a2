package io.modelgate.kserve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.serving.Tensor;
import io.modelgate.systems.InferenceOutputs;
import io.modelgate.systems.Servable;
import io.modelgate.systems.Servables;
import io.modelgate.systems.SystemRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The KServe V2 (Open Inference Protocol) REST endpoints: health, metadata and inference for whatever
 * answers at a name (an ONNX model, a prompt bound to an LLM, a similarity function), resolved once per
 * request through {@link Servables}.
 */
@Path("/v2")
public class KServeV2Resource {

    static final String PROTOCOL = "v2";

    private final Servables servables;
    private final SystemRegistry systems;
    private final ObjectMapper json;
    private final String serverVersion;

    public KServeV2Resource(Servables servables, SystemRegistry systems, ObjectMapper json,
                            @ConfigProperty(name = "quarkus.application.version") String serverVersion) {
        this.servables = servables;
        this.systems = systems;
        this.json = json;
        this.serverVersion = serverVersion;
    }

    @GET
    public ServerMetadataResponse server() {
        return new ServerMetadataResponse("modelgate", serverVersion, V2Answers.EXTENSIONS);
    }

    @GET
    @Path("health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("health/ready")
    public Response ready() {
        boolean ready = systems.ready();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    /** Every version of everything served, with its state (not in the V2 spec). */
    @GET
    @Path("models")
    public Map<String, List<RepositoryIndexEntry>> models() {
        return Map.of("models", servables.index().stream().map(RepositoryIndexEntry::of).toList());
    }

    @GET
    @Path("models/{model}")
    public ModelMetadataResponse modelMetadata(@PathParam("model") String model) {
        return V2Answers.metadata(servables.get(model).metadata(Optional.empty()));
    }

    @GET
    @Path("models/{model}/versions/{version}")
    public ModelMetadataResponse versionMetadata(@PathParam("model") String model, @PathParam("version") String version) {
        return V2Answers.metadata(servables.get(model).metadata(Optional.of(version)));
    }

    @GET
    @Path("models/{model}/ready")
    public Map<String, Object> modelReady(@PathParam("model") String model) {
        return V2Answers.readiness(servables.get(model).metadata(Optional.empty()));
    }

    @GET
    @Path("models/{model}/versions/{version}/ready")
    public Map<String, Object> versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        return V2Answers.readiness(servables.get(model).metadata(Optional.of(version)));
    }

    /**
     * The body is JSON, or with the binary tensor data extension JSON followed by raw input bytes, the JSON's length
     * in {@code Inference-Header-Content-Length}; clients send the latter as {@code application/octet-stream} or as
     * JSON, so both are read here.
     */
    @POST
    @Path("models/{model}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    public Response infer(@PathParam("model") String model, byte[] body,
                          @HeaderParam(InferenceBody.HEADER_LENGTH) String headerLength) throws IOException {
        return infer(servables.get(model), Optional.empty(), InferenceBody.read(model, body, headerLength, json));
    }

    @POST
    @Path("models/{model}/versions/{version}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    public Response inferVersion(@PathParam("model") String model, @PathParam("version") String version, byte[] body,
                                 @HeaderParam(InferenceBody.HEADER_LENGTH) String headerLength) throws IOException {
        return infer(servables.get(model), Optional.of(version), InferenceBody.read(model, body, headerLength, json));
    }

    private Response infer(Servable servable, Optional<String> version, InferenceBody body) throws IOException {
        InferenceOutputs answer = servable.infer(version, new JsonInferenceInputs(servable.name(), body, PROTOCOL));
        InferenceRequest request = body.request();
        List<InferenceResponse.ResponseOutput> outputs = new ArrayList<>();
        List<byte[]> binary = new ArrayList<>();
        for (Tensor tensor : answer.outputs()) {
            if (BinaryOutputs.wanted(request, tensor.name())) {
                byte[] bytes = BinaryTensors.encode(tensor);
                binary.add(bytes);
                outputs.add(new InferenceResponse.ResponseOutput(tensor.name(), tensor.shape(), tensor.datatype().name(),
                        Map.of(InferenceBody.BINARY_DATA_SIZE, bytes.length), null));
            } else {
                outputs.add(new InferenceResponse.ResponseOutput(tensor.name(), tensor.shape(), tensor.datatype().name(),
                        null, TensorCodec.encode(tensor)));
            }
        }
        InferenceResponse response = new InferenceResponse(answer.name(), answer.version(),
                request == null ? null : request.id(), null, outputs);
        if (binary.isEmpty()) {
            return Response.ok(response, MediaType.APPLICATION_JSON_TYPE).build();
        }
        byte[] header = json.writeValueAsBytes(response);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(header.length
                + binary.stream().mapToInt(b -> b.length).sum());
        out.writeBytes(header);
        binary.forEach(out::writeBytes);
        return Response.ok(out.toByteArray(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(InferenceBody.HEADER_LENGTH, header.length).build();
    }
}
