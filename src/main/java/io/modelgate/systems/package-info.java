/**
 * Systems: anything that answers a task (an ONNX model, a prompt bound to an LLM, a similarity function)
 * behind one interface, {@link io.modelgate.systems.TaskSystem}, found by name in the
 * {@link io.modelgate.systems.SystemRegistry}, and the task API ({@code /api/systems}) that serves them. And
 * {@link io.modelgate.systems.Servable}: whatever answers at a V2 model name, found in
 * {@link io.modelgate.systems.Servables}, with a generic adapter that serves any task system over V2 tensors.
 * {@link io.modelgate.systems.SystemKind} is the one place a kind has its names.
 * <p>
 * The adapters that make a kind of thing a system live beside each other in the sub-packages
 * {@code onnx}, {@code prompt} and {@code spectra}; this package knows none of them, nor LLMs, prompts,
 * spectra or runs.
 */
package io.modelgate.systems;
