package io.modelgate.systems.onnx;

import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelRepository;
import io.modelgate.systems.Servable;
import io.modelgate.systems.ServableSource;
import io.modelgate.systems.ServableStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Every model of the repository as a servable with its own tensors; asked first. */
@ApplicationScoped
public class OnnxServables implements ServableSource {

    private final ModelRepository repository;
    private final InferenceService inference;

    public OnnxServables(ModelRepository repository, InferenceService inference) {
        this.repository = repository;
        this.inference = inference;
    }

    @Override
    public int precedence() {
        return 0;
    }

    @Override
    public Optional<Servable> find(String name) {
        return repository.contains(name) ? Optional.of(new OnnxServable(name, repository, inference)) : Optional.empty();
    }

    @Override
    public List<ServableStatus> index() {
        return OnnxServable.rows(repository.index());
    }
}
