package io.modelgate.systems;

import io.modelgate.errors.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every servable of every source, found by name: what the inference front ends serve. */
@ApplicationScoped
public class Servables {

    private final List<ServableSource> sources;

    public Servables(Instance<ServableSource> sources) {
        this.sources = sources.stream().sorted(Comparator.comparingInt(ServableSource::precedence)).toList();
    }

    /**
     * The servable of that name.
     *
     * @throws NotFoundException when no source has it
     */
    public Servable get(String name) {
        for (ServableSource source : sources) {
            Optional<Servable> found = source.find(name);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new NotFoundException("Request for unknown model: '" + name + "' is not found");
    }

    /** Every version of every servable; a name that an earlier source has is not listed again. */
    public List<ServableStatus> index() {
        List<ServableStatus> rows = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (ServableSource source : sources) {
            List<ServableStatus> own = source.index().stream().filter(row -> !listed.contains(row.name())).toList();
            own.forEach(row -> listed.add(row.name()));
            rows.addAll(own);
        }
        return rows;
    }
}
