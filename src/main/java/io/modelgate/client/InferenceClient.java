package io.modelgate.client;

import io.modelgate.serving.Tensor;

import java.util.List;

/**
 * A KServe V2 client: the server's health, a model's metadata and one inference. Failures are
 * {@link InferenceClientException}s carrying the server's status and message.
 */
public interface InferenceClient extends AutoCloseable {

    boolean live();

    boolean ready();

    /** What the model takes and gives (the version the server chooses). */
    ModelDescription metadata(String model);

    /** Runs the inputs through the model and gives back every output, in the server's order. */
    List<Tensor> infer(String model, List<Tensor> inputs);

    @Override
    void close();
}
