package io.modelgate.prompting.llm;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns an error answer of an OpenAI-compatible chat API into an {@link LlmHttpError} that keeps the
 * {@code Retry-After} header, which the langchain4j client's own exception does not carry.
 */
@Provider
public class LlmHttpErrorFilter implements ClientResponseFilter {

    private static final int MAX_BODY = 4096;

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
        if (response.getStatus() < 400 || !request.getUri().getPath().endsWith("/chat/completions")) {
            return;
        }
        String body = "";
        if (response.hasEntity()) {
            try (InputStream in = response.getEntityStream()) {
                body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
        }
        throw new LlmHttpError(response.getStatus(), response.getHeaderString("Retry-After"), body);
    }
}
