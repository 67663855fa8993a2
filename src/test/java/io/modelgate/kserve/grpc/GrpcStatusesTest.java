package io.modelgate.kserve.grpc;

import io.grpc.Status;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP statuses of modelgate's failures to the gRPC codes the protocol maps them to. */
class GrpcStatusesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"400, INVALID_ARGUMENT", "404, NOT_FOUND", "409, ALREADY_EXISTS", "413, RESOURCE_EXHAUSTED",
            "429, RESOURCE_EXHAUSTED", "500, INTERNAL", "502, UNAVAILABLE", "503, UNAVAILABLE",
            "504, DEADLINE_EXCEEDED", "418, FAILED_PRECONDITION"})
    void everyHttpStatusHasItsCode(int http, Status.Code code) {
        assertEquals(code, GrpcStatuses.code(http).getCode());
    }

    @org.junit.jupiter.api.Test
    void aClientsMistakeKeepsItsMessageAndAnUnexpectedFailureGetsAGenericOne() {
        var notFound = GrpcStatuses.of(new NotFoundException("Request for unknown model: 'x' is not found")).getStatus();
        assertEquals(Status.Code.NOT_FOUND, notFound.getCode());
        assertEquals("Request for unknown model: 'x' is not found", notFound.getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, GrpcStatuses.of(new InvalidInputException("bad")).getStatus().getCode());
        var unexpected = GrpcStatuses.of(new IllegalStateException("secret detail")).getStatus();
        assertEquals(Status.Code.INTERNAL, unexpected.getCode());
        assertEquals("internal error (IllegalStateException); see the server log", unexpected.getDescription());
    }
}
