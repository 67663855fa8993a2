package io.modelgate.serving;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: not ready until every model that should load has loaded and warmed up. */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final ModelRepository repository;

    public ModelsReadinessCheck(ModelRepository repository) {
        this.repository = repository;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("models").status(repository.ready());
        repository.index().forEach(status -> response.withData(status.name() + (status.version().isEmpty() ? ""
                : "/" + status.version()), status.state().name()));
        return response.build();
    }
}
