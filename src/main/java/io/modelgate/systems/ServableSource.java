package io.modelgate.systems;

import java.util.List;
import java.util.Optional;

/** A provider of servables: the model repository's models, or the task systems. */
public interface ServableSource {

    /**
     * Sources are asked in this order, lowest first, and the first that knows a name answers for it: a model
     * of the repository is served with its own tensors even though a task system of the same name wraps it.
     */
    int precedence();

    Optional<Servable> find(String name);

    /** Every version of every servable of this source, by name. */
    List<ServableStatus> index();
}
