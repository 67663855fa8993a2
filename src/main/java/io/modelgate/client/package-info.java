/**
 * A small Java client of modelgate's KServe V2 API, over REST (with the binary tensor data extension) or gRPC
 * (raw contents), through one interface, {@link io.modelgate.client.InferenceClient}: what the tests use against
 * the real server, and what a Java caller needs to send {@link io.modelgate.serving.Tensor}s and get them back.
 * <p>
 * Must not know: anything of the server but the protocol (it is used by no other package).
 */
package io.modelgate.client;
