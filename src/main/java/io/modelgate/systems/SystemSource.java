package io.modelgate.systems;

import java.util.List;
import java.util.Optional;

/** A provider of systems: the models of the repository, the prompts bound to LLMs, the spectra systems. */
public interface SystemSource {

    List<TaskSystem> systems();

    Optional<TaskSystem> find(String name);

    /** Whether the source has finished setting its systems up (models loaded and warmed up, say). */
    default boolean ready() {
        return true;
    }
}
