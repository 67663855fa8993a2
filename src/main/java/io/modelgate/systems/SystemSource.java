package io.modelgate.systems;

import java.util.List;
import java.util.Optional;

/** A provider of systems: the model repository, or (later) the prompt repository. */
public interface SystemSource {

    List<TaskSystem> systems();

    Optional<TaskSystem> find(String name);

    /** Whether the source has finished setting its systems up (models loaded and warmed up, say). */
    default boolean ready() {
        return true;
    }
}
