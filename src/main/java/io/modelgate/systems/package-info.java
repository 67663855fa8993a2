/**
 * Systems: anything that answers a task (an ONNX model now, a prompt bound to an LLM later), behind
 * one interface, {@link io.modelgate.systems.TaskSystem}, and the task API that serves them by name.
 */
package io.modelgate.systems;
