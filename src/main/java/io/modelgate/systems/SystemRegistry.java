package io.modelgate.systems;

import io.modelgate.errors.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every system of every source, found by name. */
@ApplicationScoped
public class SystemRegistry {

    private final Instance<SystemSource> sources;

    public SystemRegistry(Instance<SystemSource> sources) {
        this.sources = sources;
    }

    public List<TaskSystem> all() {
        return sources.stream().flatMap(source -> source.systems().stream())
                .sorted(Comparator.comparing(system -> system.info().name()))
                .toList();
    }

    /** Whether every source has finished setting its systems up. */
    public boolean ready() {
        return sources.stream().allMatch(SystemSource::ready);
    }

    public Optional<TaskSystem> find(String name) {
        return sources.stream().map(source -> source.find(name)).flatMap(Optional::stream).findFirst();
    }

    public TaskSystem get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("unknown system '" + name + "'; GET /api/systems lists them"));
    }
}
