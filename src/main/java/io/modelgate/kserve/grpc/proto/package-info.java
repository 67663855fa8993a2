/**
 * The classes protoc and quarkus-grpc generate from {@code src/main/proto/grpc_predict_v2.proto}: the V2 gRPC
 * messages, stubs and service bases. Generated at build time, never edited; they know nothing of modelgate.
 */
package io.modelgate.kserve.grpc.proto;
