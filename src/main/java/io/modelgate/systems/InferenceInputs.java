package io.modelgate.systems;

import io.modelgate.serving.Tensor;

import java.util.List;

/**
 * One inference request as a front end received it. The inputs are decoded only when a servable asks for
 * them, after it has resolved its version: an unknown model is a 404 whatever the body holds, and a body
 * that cannot be decoded is counted against the model it was sent to.
 */
public interface InferenceInputs {

    /** Which front end received the request ({@code v2}, {@code grpc}); a label of the inference metrics. */
    String protocol();

    /**
     * The input tensors.
     *
     * @throws io.modelgate.errors.InvalidInputException when the request's inputs cannot be decoded
     */
    List<Tensor> inputs();

    /**
     * The outputs the client asked for, by name; empty for all of them.
     *
     * @throws io.modelgate.errors.InvalidInputException when an output is named badly
     */
    List<String> outputs();
}
