package io.modelgate.kserve;

import io.modelgate.systems.Servables;
import io.modelgate.systems.SystemRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The KServe V2 (Open Inference Protocol) REST endpoints: health and metadata (inference and liveness are {@link KServeV2Routes}) of whatever
 * answers at a name (an ONNX model, a prompt bound to an LLM, a similarity function), resolved once per
 * request through {@link Servables}.
 */
@Path("/v2")
public class KServeV2Resource {

    private final Servables servables;
    private final SystemRegistry systems;
    private final String serverVersion;

    public KServeV2Resource(Servables servables, SystemRegistry systems,
                            @ConfigProperty(name = "quarkus.application.version") String serverVersion) {
        this.servables = servables;
        this.systems = systems;
        this.serverVersion = serverVersion;
    }

    @GET
    public ServerMetadataResponse server() {
        return new ServerMetadataResponse("modelgate", serverVersion, V2Answers.EXTENSIONS);
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
}
