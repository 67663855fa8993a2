package io.modelgate.serving;

/** A model version held for one request: closing it lets a retired version's session close. */
public final class ModelLease implements AutoCloseable {

    private final OnnxModel model;
    private boolean closed;

    ModelLease(OnnxModel model) {
        this.model = model;
    }

    public ModelMetadata metadata() {
        return model.metadata();
    }

    OnnxModel model() {
        return model;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.release();
        }
    }
}
