package io.modelgate.kserve;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelgate.serving.ModelVersionStatus;
import io.modelgate.systems.ServableStatus;

/** One row of Triton's repository index: a model version and its state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositoryIndexEntry(String name, String version, String state, String reason) {

    static RepositoryIndexEntry of(ServableStatus status) {
        return new RepositoryIndexEntry(status.name(), status.version(), status.state().name(), status.reason());
    }

    static RepositoryIndexEntry of(ModelVersionStatus status) {
        return new RepositoryIndexEntry(status.name(), status.version(), status.state().name(), status.reason());
    }
}
