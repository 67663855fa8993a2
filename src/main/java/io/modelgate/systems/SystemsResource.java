package io.modelgate.systems;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.nio.file.Files;
import java.util.Base64;

import java.util.ArrayList;
import java.util.List;

/** The task API: named fields in, labels or values out, whatever kind of system answers. */
@Path("/api/systems")
public class SystemsResource {

    private final SystemRegistry systems;

    public SystemsResource(SystemRegistry systems) {
        this.systems = systems;
    }

    public record PredictResponse(String system, String version, List<Prediction> predictions) {
    }

    @GET
    public List<SystemInfo> list() {
        return systems.all().stream().map(TaskSystem::info).toList();
    }

    @GET
    @Path("{system}")
    public SystemInfo get(@PathParam("system") String name) {
        return systems.get(name).info();
    }

    @POST
    @Path("{system}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    public PredictResponse predict(@PathParam("system") String name, JsonNode body) {
        Predictions answer = systems.get(name).predict(instances(body));
        return new PredictResponse(name, answer.version(), answer.predictions());
    }

    /**
     * One image as a multipart upload (form field {@code image}): the same as a JSON instance whose
     * field {@code image} holds the file as base64.
     */
    @POST
    @Path("{system}/predict")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public PredictResponse predictUpload(@PathParam("system") String name, @RestForm("image") FileUpload image)
            throws java.io.IOException {
        if (image == null || image.uploadedFile() == null) {
            throw new InvalidInputException("multipart field 'image' is required: a PNG or JPEG file");
        }
        JsonNode instance = JsonNodeFactory.instance.objectNode()
                .put("image", Base64.getEncoder().encodeToString(Files.readAllBytes(image.uploadedFile())));
        Predictions answer = systems.get(name).predict(List.of(instance));
        return new PredictResponse(name, answer.version(), answer.predictions());
    }

    private static List<JsonNode> instances(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("the body must be a JSON object {\"instances\": [{field: value, …}, …]}");
        }
        JsonNode instances = body.get("instances");
        if (instances == null || !instances.isArray() || instances.isEmpty()) {
            throw new InvalidInputException("field 'instances' is required: a non-empty list of objects with the"
                    + " task's input fields");
        }
        List<JsonNode> list = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            if (!instances.get(i).isObject()) {
                throw new InvalidInputException("instances[" + i + "] must be an object of named fields, got "
                        + instances.get(i).getNodeType().name().toLowerCase());
            }
            list.add(instances.get(i));
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("instances")) {
                throw new InvalidInputException("unknown field '" + field + "' in the request; expected only 'instances'");
            }
        });
        return list;
    }
}
