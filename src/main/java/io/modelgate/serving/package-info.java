/**
 * Serving ONNX models: the model repository (folders, versions, load/unload/reload with reference
 * counting), ONNX Runtime sessions and execution providers, request validation, inference and its
 * metrics. Knows nothing of HTTP except through {@code kserve}, and nothing of LLMs.
 * Entry points: {@link io.modelgate.serving.ModelRepository} and {@link io.modelgate.serving.InferenceService};
 * {@link io.modelgate.serving.OnnxSystems} offers every model to the task API as a system.
 */
package io.modelgate.serving;
