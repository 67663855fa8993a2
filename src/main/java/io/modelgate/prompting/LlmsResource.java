package io.modelgate.prompting;

import io.modelgate.prompting.llm.LlmGateway;
import io.modelgate.prompting.llm.LlmInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.util.List;

/** {@code GET /api/llms}: the configured LLMs, never their API keys. */
@Path("/api/llms")
public class LlmsResource {

    private final LlmGateway llms;

    public LlmsResource(LlmGateway llms) {
        this.llms = llms;
    }

    @GET
    public List<LlmInfo> list() {
        return llms.list();
    }
}
