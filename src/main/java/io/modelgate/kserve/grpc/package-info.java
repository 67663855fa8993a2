/**
 * The KServe V2 (Open Inference Protocol) gRPC front end, {@code inference.GRPCInferenceService}: a thin service
 * that resolves every model name once through {@link io.modelgate.systems.Servables}, decodes its messages into
 * tensors when the servable asks ({@link io.modelgate.kserve.grpc.GrpcInferenceInputs}) and maps failures to
 * the protocol's status codes with the REST messages. It is served on the HTTP port unless configured apart.
 * <p>
 * Must not know: which kind of system answers (no branch on ONNX, prompt or similarity function), tasks,
 * LLMs, runs.
 */
package io.modelgate.kserve.grpc;
