/**
 * The KServe V2 (Open Inference Protocol) REST front end and Triton's model repository extension:
 * thin resources, the protocol's request and response records, and the JSON tensor codec.
 */
package io.modelgate.serving.kserve;
