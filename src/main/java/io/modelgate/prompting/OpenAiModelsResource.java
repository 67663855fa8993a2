package io.modelgate.prompting;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.modelgate.prompting.llm.LlmGateway;
import io.modelgate.prompting.llm.LlmInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code GET /v1/models}: the configured LLMs in OpenAI's model list, so that an OpenAI client pointed at
 * modelgate finds the names it may send as {@code model}. An LLM that is named but not usable (no base URL,
 * say) is left out, as OpenAI lists only models one can call.
 */
@Path("/v1/models")
public class OpenAiModelsResource {

    private final LlmGateway llms;

    public OpenAiModelsResource(LlmGateway llms) {
        this.llms = llms;
    }

    /** One model as OpenAI lists it; {@code created} is 0, as modelgate does not know when the model was made. */
    public record OpenAiModel(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {

        static OpenAiModel of(LlmInfo llm) {
            return new OpenAiModel(llm.name(), "model", 0, "modelgate");
        }
    }

    public record OpenAiModelList(String object, List<OpenAiModel> data) {
    }

    @GET
    public OpenAiModelList list() {
        return new OpenAiModelList("list", llms.list().stream().filter(LlmInfo::configured).map(OpenAiModel::of).toList());
    }

    /** One model, or OpenAI's 404 (its own error format, which its SDKs read). */
    @GET
    @Path("{model}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("model") String model) {
        return llms.list().stream().filter(llm -> llm.configured() && llm.name().equals(model)).findFirst()
                .map(llm -> Response.ok(OpenAiModel.of(llm)).build())
                .orElseGet(() -> Response.status(404).type(MediaType.APPLICATION_JSON)
                        .entity(ChatCompletionsRoute.errorJson("invalid_request_error", "model", "model_not_found",
                                "The model '" + model + "' does not exist: modelgate routes by LLM name; configured: "
                                        + llms.names())).build());
    }
}
