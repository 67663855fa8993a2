package io.modelgate.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelVersionStatus;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** Triton's model repository extension: list, load and unload models at run time. */
@Path("/v2/repository")
public class ModelRepositoryResource {

    private final ModelRepository repository;
    private final ObjectMapper json;

    public ModelRepositoryResource(ModelRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /**
     * Rescans the folder (new, changed and removed models) and lists every version; {@code {"ready": true}}
     * lists the ready ones. The body is optional, so it is read whatever its Content-Type.
     */
    @POST
    @Path("index")
    @Consumes(MediaType.WILDCARD)
    public List<RepositoryIndexEntry> index(String body) throws JsonProcessingException {
        JsonNode request = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        JsonNode readyOnly = request.get("ready");
        if (readyOnly != null && !readyOnly.isBoolean()) {
            throw new InvalidInputException("field 'ready' of the index request must be true or false, got " + readyOnly);
        }
        repository.scan();
        List<ModelVersionStatus> rows = repository.index();
        if (readyOnly != null && readyOnly.booleanValue()) {
            rows = rows.stream().filter(ModelVersionStatus::ready).toList();
        }
        return rows.stream().map(RepositoryIndexEntry::of).toList();
    }

    @POST
    @Path("models/{model}/load")
    public Map<String, Object> load(@PathParam("model") String model) {
        List<String> failures = repository.load(model);
        if (!failures.isEmpty()) {
            throw new InvalidInputException("failed to load '" + model + "': " + String.join("; ", failures));
        }
        return Map.of();
    }

    @POST
    @Path("models/{model}/unload")
    public Map<String, Object> unload(@PathParam("model") String model) {
        repository.unload(model);
        return Map.of();
    }
}
