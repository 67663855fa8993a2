package io.modelgate.serving.kserve;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One row of Triton's repository index: a model version and its state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositoryIndexEntry(String name, String version, String state, String reason) {
}
