package io.modelgate.serving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model as served: an immutable snapshot of its versions by number, or the reason its folder could
 * not be read. The repository replaces a model's snapshot whole, so readers never see half a reload.
 */
record ModelEntry(String name, Map<Long, VersionSlot> versions, String reason) {

    /** One version's state; {@code model} is set when it is READY. */
    record VersionSlot(long version, VersionState state, String reason, OnnxModel model) {

        ModelVersionStatus status(String name) {
            return new ModelVersionStatus(name, Long.toString(version), state, reason,
                    Optional.ofNullable(model).map(OnnxModel::metadata));
        }
    }

    ModelEntry {
        versions = Map.copyOf(versions);
    }

    Optional<VersionSlot> newestReady() {
        return versions.values().stream().filter(v -> v.state() == VersionState.READY)
                .max(Comparator.comparingLong(VersionSlot::version));
    }

    boolean allReady() {
        return !versions.isEmpty() && versions.values().stream().allMatch(v -> v.state() == VersionState.READY);
    }

    /** The sessions this snapshot serves, by identity. */
    Set<OnnxModel> models() {
        Set<OnnxModel> models = Collections.newSetFromMap(new IdentityHashMap<>());
        versions.values().stream().map(VersionSlot::model).filter(Objects::nonNull).forEach(models::add);
        return models;
    }

    /** One row per version, oldest or newest first; one versionless row for a folder that could not be read. */
    List<ModelVersionStatus> statuses(boolean newestFirst) {
        List<ModelVersionStatus> rows = new ArrayList<>();
        if (versions.isEmpty()) {
            rows.add(new ModelVersionStatus(name, "", VersionState.UNAVAILABLE, reason, Optional.empty()));
        }
        Comparator<VersionSlot> order = Comparator.comparingLong(VersionSlot::version);
        versions.values().stream().sorted(newestFirst ? order.reversed() : order).forEach(slot -> rows.add(slot.status(name)));
        return rows;
    }

    String whyNotReady() {
        if (reason != null) {
            return reason;
        }
        return versions.values().stream().sorted(Comparator.comparingLong(VersionSlot::version))
                .map(v -> "version " + v.version() + " is " + v.state() + (v.reason() == null ? "" : " (" + v.reason() + ")"))
                .collect(Collectors.joining(", "));
    }
}
