/**
 * The KServe V2 (Open Inference Protocol) REST front end: thin resources, the protocol's request and
 * response records and the JSON tensor codec. Every name at {@code /v2/models/{m}} is resolved once per request
 * to a {@link io.modelgate.systems.Servable} and served through that interface alone; Triton's repository
 * extension ({@code /v2/repository}) speaks to the model repository, which is what it manages.
 * <p>
 * Must not know: which kind of system answers (no branch on ONNX, prompt or similarity function), tasks,
 * LLMs, runs.
 */
package io.modelgate.kserve;
