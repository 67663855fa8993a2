package io.modelgate.kserve;

import java.util.List;

/** The KServe V2 server metadata body. */
public record ServerMetadataResponse(String name, String version, List<String> extensions) {
}
