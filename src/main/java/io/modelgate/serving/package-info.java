/**
 * Serving ONNX models, and only that: the model repository (folders, versions, load/unload/reload with
 * reference counting), ONNX Runtime sessions and execution providers, request validation, inference and its
 * metrics, and per model version the dynamic batcher and the response cache ({@code model.yaml}'s
 * {@code dynamic-batching} and {@code response-cache}). Entry points: {@link io.modelgate.serving.ModelRepository} and
 * {@link io.modelgate.serving.InferenceService}.
 * <p>
 * Must not know: HTTP, tasks, systems, prompts, LLMs or spectra. What a model family stores in its ONNX
 * metadata (ms2deepscore's {@code settings}) is read by the package that knows that family.
 */
package io.modelgate.serving;
