/**
 * ONNX models of the repository as systems: named task fields encoded into the model's input tensor
 * (features with their encodings, or images decoded and normalised as {@code model.yaml} says), outputs
 * decoded into labels with softmax scores or values; and every model as a {@link io.modelgate.systems.Servable}
 * with its own tensors, asked before any other source.
 * <p>
 * Must not know: HTTP, LLMs, runs. Spectra models are left to {@code systems.spectra}, by
 * {@link io.modelgate.spectra.SpectraModels#isSpectraModel}.
 */
package io.modelgate.systems.onnx;
