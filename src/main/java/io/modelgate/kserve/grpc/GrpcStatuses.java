package io.modelgate.kserve.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.modelgate.errors.ApiException;
import org.jboss.logging.Logger;

/**
 * Turns a failure into the gRPC status the protocol maps its HTTP status to, with the message REST gives. A
 * client's mistake is not logged; an upstream or readiness failure is one line; a failure of the server is logged
 * once with its stack trace and answered INTERNAL with a generic message.
 */
final class GrpcStatuses {

    private static final Logger LOG = Logger.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {
    }

    static StatusRuntimeException of(RuntimeException failure) {
        if (!(failure instanceof ApiException e)) {
            LOG.error("unexpected failure", failure);
            return Status.INTERNAL.withDescription("internal error (" + failure.getClass().getSimpleName()
                    + "); see the server log").asRuntimeException();
        }
        if (e.status() == 500) {
            LOG.error(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        } else if (e.status() > 500) {
            LOG.warn(e.getMessage());
        }
        return code(e.status()).withDescription(e.getMessage()).asRuntimeException();
    }

    /** The gRPC code of an HTTP status, as the protocol and gRPC's HTTP mapping pair them. */
    static Status code(int httpStatus) {
        return switch (httpStatus) {
            case 400, 422 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ALREADY_EXISTS;
            case 413, 429 -> Status.RESOURCE_EXHAUSTED;
            case 501 -> Status.UNIMPLEMENTED;
            case 502, 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> httpStatus >= 400 && httpStatus < 500 ? Status.FAILED_PRECONDITION : Status.INTERNAL;
        };
    }
}
